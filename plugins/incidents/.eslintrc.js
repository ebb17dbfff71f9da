module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  testRules: {
    // the guest tests assert through the shared helper in src/__testUtils__/guest.ts
    'jest/expect-expect': [
      'warn',
      { assertFunctionNames: ['expect', 'expectGuestControls'] },
    ],
  },
});
