import { sessionAction } from './sessionAction';

/** POST /v2/sessions/{id}/sync: ask a receiving session to sync its messages now. */
export const { description, execute } = sessionAction('sync', 'sync');
