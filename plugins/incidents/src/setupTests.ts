import '@testing-library/jest-dom';

// Component tests drive whole pages through user events; on a busy 2-core CI machine a few
// take longer than Jest's 5 s default without anything being wrong.
jest.setTimeout(30_000);
