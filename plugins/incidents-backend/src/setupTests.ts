import { checkSupertestAnswers } from './__testUtils__/openApiContract';

// Every answer a test gets through supertest is checked against openapi.yaml.
checkSupertestAnswers();
