export { PagingWebhooksCard } from './PagingWebhooksCard';
