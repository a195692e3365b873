/* GET /api/v1/events: the signed-in person's live events, as Server-Sent Events (alerts/events.h). */
#include <stdlib.h>

#include "alerts/events.h"
#include "api/api.h"
#include "api/common.h"

int api_events_get(struct request *req)
{
	const char *last = request_header(req, "Last-Event-ID");
	long long after = 0;
	struct event_stream *s;

	/* A browser that reconnects says where it was; a page may also ask with ?after=. */
	if (last) {
		char *end;

		after = strtoll(last, &end, 10);
		if (*end || after < 0)
			return reply_error(req, ERR_INVALID_INPUT, "Last-Event-ID", "Last-Event-ID: an event id");
	} else if (api_query_number(req, "after", 0, 9007199254740992LL, &after)) {
		return 0;
	}
	s = events_stream_open(req->session.user_id, after, req->conn);
	if (!s) {
		reply_retry_after(req, 5);
		return reply_error(req, ERR_BUSY, NULL, "too many open event streams");
	}
	return reply_stream(req, "text/event-stream; charset=utf-8", events_stream_reader, events_stream_free, s);
}
