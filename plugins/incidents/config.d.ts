export interface Config {
  incidents?: {
    /**
     * Display names and descriptions of the severities, for example to match your own
     * incident policy. The codes SEV1 (worst) to SEV4 stay as they are.
     */
    severities?: {
      [code in 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4']?: {
        /** @visibility frontend */
        name?: string;
        /** @visibility frontend */
        description?: string;
      };
    };
  };
}
