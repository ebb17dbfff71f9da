module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  overrides: [
    {
      // The browser tests drive the whole repository, not the app package: they start the
      // backend's own fake helpdesks and vendors rather than keep a second copy of them here.
      files: ['e2e-tests/**'],
      rules: { '@backstage/no-relative-monorepo-imports': 'off' },
    },
  ],
});
