/**
 * GET /v2/messages: the message card and its cursor page [REF].
 */
import { bool, cursorPage, int, list, obj, req, sender, str, uuid } from './spec';

export const messageCard = obj({
	id: req(uuid),
	primary_occurrence_id: uuid,
	message_timestamp_ms: int,
	first_seen_at_ms: int,
	last_seen_at_ms: int,
	sender,
	group_names: list(str),
	group_ids: list(uuid),
	group_count: int,
	occurrence_count: int,
	has_media: bool,
	is_edited: bool,
	is_revoked: bool,
	message_text: str,
	primary_media_asset_id: uuid,
	primary_media_url: str,
});

export const messagePage = cursorPage(messageCard);
