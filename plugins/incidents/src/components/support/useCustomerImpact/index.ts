export { useCustomerImpact } from './useCustomerImpact';
