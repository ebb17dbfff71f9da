export { ProbableCausePaths, causePathSteps } from './ProbableCausePaths';
