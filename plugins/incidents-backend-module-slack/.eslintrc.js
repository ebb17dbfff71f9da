module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  overrides: [
    {
      // The chat routes' tests check answers against the incidents backend's openapi.yaml
      // with its own contract checker, rather than keep a second copy of either here.
      files: ['src/**/*.test.ts'],
      rules: { '@backstage/no-forbidden-package-imports': 'off' },
    },
  ],
});
