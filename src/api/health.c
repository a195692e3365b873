/* GET /api/v1/health: is the server up (no session, no store). */
#include "api/api.h"
#include "api/common.h"

int api_health_get(struct request *req)
{
	return reply_json(req, 200, json_pack("{s:s}", "status", "ok"));
}
