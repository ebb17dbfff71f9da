import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Component tests drive whole pages through user events. On a busy 2-core CI machine some
// take longer than Jest's 5 s default, and the page can take longer than testing-library's
// 1 s to show what a `findBy` waits for, without anything being wrong.
jest.setTimeout(30_000);
configure({ asyncUtilTimeout: 10_000 });
