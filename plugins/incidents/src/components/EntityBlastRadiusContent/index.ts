export { EntityBlastRadiusContent } from './EntityBlastRadiusContent';
