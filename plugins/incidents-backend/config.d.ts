export interface Config {
  /** Configuration of Lookout's incidents backend. */
  incidents?: {
    /**
     * A YAML file of past incidents to load when the database holds none, for demos.
     * Leave unset in production.
     */
    demoHistory?: {
      /** Path of the file, relative to the backend's working directory. */
      file: string;
    };
  };
}
