export { EscalationPolicyEditor } from './EscalationPolicyEditor';
