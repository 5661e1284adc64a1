import { sessionAction } from './sessionAction';

/** POST /v2/sessions/{id}/start: start (or restart) a session. */
export const { description, execute } = sessionAction('start', 'start');
