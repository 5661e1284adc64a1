// @ts-check
'use strict';
/**
 * The simulator's public types (JSDoc, checked by tsc -p tsconfig.simulator.json). Tests import
 * them through ./simulator.js.
 */

/**
 * @typedef {object} SimulatorOptions
 * @property {string} [host] default 127.0.0.1
 * @property {number} [port] default 0 (a free port)
 * @property {{ valid?: string[], otherTenant?: string[] }} [tokens]
 * @property {number} [slowMs] delay of the `slow` fault, default 15000
 * @property {'object' | 'array'} [listShape] shape of GET /v2/sessions, default 'object'
 * @property {(record: import('./recording').RecordedRequest) => void} [onRequest] called once a recorded request is answered
 * @property {number} [jwtTtlSeconds] lifetime of the session JWTs the Clerk stand-in mints, default 60
 * @property {string} [clientToken] the Clerk stand-in's initial client token (default: random)
 * @property {number | null} [rateLimit] requests per second on /v2 (after auth); over it: 429 with Retry-After
 * @property {number} [pageSize] most items per list page the simulator answers (default 200)
 * @property {number} [feedEveryMs] the feed gains a message this often (default 0: only on demand)
 * @property {number} [sendStepMs] a send stays queued, then sending, this long each (default 1000)
 * @property {() => number} [now] the clock, epoch ms (default Date.now)
 * @property {import('./paging').ListOrder} [listOrder] order of /v2/messages, view previews, sends: 'collected' (default), 'activity', 'whatsapp'
 * @property {import('./paging').CursorKind} [listCursor] 'keyset' (default) or 'offset' (README "List orders")
 * @property {number} [seedMessages] how many messages the feed is seeded with (default 30)
 * @property {number} [cheapThresholdPct] the live feed holds listings this many % under their median (default 10)
 * @property {import('./answers').AnswerStyle} [answers] 'examples' (default) or 'loose' (README "Loose answers")
 * @property {import('./lostAnswers').LoseFirstScope} [loseFirstAnswers] lose the first answer per write key (README "Lost answers")
 */
/**
 * @typedef {object} Simulator
 * @property {string} url http://127.0.0.1:PORT, no trailing slash
 * @property {number} port
 * @property {import('./recording').RecordedRequest[]} requests every request except the /__sim control ones, oldest first
 * @property {Map<string, import('./resources/sessions').SessionRecord>} sessions internal state by session_id (read-only use)
 * @property {ReturnType<typeof import('./resources/messages').createMessagesResource>} messages the feed (addMessage, sorted, …)
 * @property {ReturnType<typeof import('./resources/views').createViewsResource>} views the saved views
 * @property {ReturnType<typeof import('./resources/outbound').createOutboundResource>} outbound sends and schedules
 * @property {ReturnType<typeof import('./paging').createPaging>} paging the page-size cap (settings.maxPageSize)
 * @property {ReturnType<typeof import('./resources/market').createMarketResource>} market listings, references, facets (README › Market)
 * @property {ReturnType<typeof import('./resources/classifications').createClassificationsResource>} classifications classifications and corrections
 * @property {() => void} reset clears requests, queued faults and created sessions; re-seeds
 * @property {(...faults: string[]) => void} queueFaults throws on an unknown fault name
 * @property {(perSecond: number | null) => void} setRateLimit N requests per second (null or 0: none)
 * @property {() => number | null} rateLimit the requests per second in force, or null
 * @property {() => Promise<void>} close also destroys open sockets and ends `slow` waits
 * @property {SimulatorClerk} clerk the Clerk stand-in (./clerk.js): session JWTs and Frontend API
 * @property {(order: import('./paging').ListOrder) => void} setListOrder from the next request on
 * @property {(kind: import('./paging').CursorKind) => void} setListCursor the kind of cursor given out from now on
 * @property {(style: import('./answers').AnswerStyle) => void} setAnswers 'examples' or 'loose', from the next request on
 * @property {() => import('./answers').AnswerStyle} answers the answer style in force
 * @property {(scope: import('./lostAnswers').LoseFirstScope) => void} loseFirstAnswers null: off
 */
/**
 * @typedef {object} SimulatorClerk
 * @property {string} frontendApiUrl `<url>/clerk`, the `iss` of its session JWTs
 * @property {() => import('./clerk').ClerkState} state
 * @property {() => string} rotate a new current client token (the previous stays valid until revoked)
 * @property {(which: 'previous' | 'all') => void} revoke
 * @property {() => void} endSession
 * @property {(seconds: number) => void} setTtl
 * @property {() => string} mint a fresh session JWT (as FAPI would hand out)
 * @property {() => string[]} clientTokens every client token handed out so far (for leak checks)
 */

module.exports = {};
