export { MyPagesPage } from './MyPagesPage';
