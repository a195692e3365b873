#include <ctype.h>
#include "http/reply.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "http/request.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/utf8.h"

static void claim(struct request *req)
{
	if (req->replied)
		BUG("a second reply for '%s'", req->path);
	req->replied = true;
}

int reply_json(struct request *req, unsigned status, json_t *body)
{
	claim(req);
	if (!body) {
		error("out of memory building a reply for '%s'", req->path);
		status = 500;
		body = json_pack("{s:{s:s,s:s}}", "error", "code", "internal", "message",
				 api_error_info(ERR_INTERNAL)->message);
	}
	req->status = status;
	req->reply_body = body;
	return 0;
}

int reply_json_text(struct request *req, unsigned status, char *text)
{
	if (!text)
		return reply_json(req, status, NULL);
	claim(req);
	req->status = status;
	req->reply_text = text;
	return 0;
}

int reply_no_content(struct request *req)
{
	claim(req);
	req->status = 204;
	return 0;
}

int reply_error(struct request *req, enum api_error e, const char *field, const char *fmt, ...)
{
	const struct api_error_info *ei = api_error_info(e);
	char msg[256];
	json_t *err;

	if (fmt) {
		va_list ap;

		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
	} else {
		snprintf(msg, sizeof(msg), "%s", ei->message);
	}
	/* The JSON parser's message quotes the input near the fault, maybe cutting a character in two. */
	utf8_scrub(msg);
	err = json_pack("{s:s,s:s}", "code", ei->code, "message", msg);
	if (err && field)
		json_object_set_new(err, "field", json_string(field));
	if (ei->status >= 500)
		error("%s %s: %s", http_method_name(req->method), req->path, msg);
	else
		info("%s %s from %s: %u %s: %s", http_method_name(req->method), req->path, req->address,
		     ei->status, ei->code, msg);
	return reply_json(req, ei->status, err ? json_pack("{s:o}", "error", err) : NULL);
}

void reply_next_page(struct request *req, int64_t last_id, unsigned limit)
{
	struct buf link = BUF_INIT;

	buf_addf(&link, "<%s?after=%lld&limit=%u>; rel=\"next\"", req->path, (long long)last_id, limit);
	free(req->link);
	req->link = buf_detach(&link, NULL);
}

int reply_bytes(struct request *req, unsigned status, unsigned char *data, size_t len, const char *content_type,
		const char *filename)
{
	claim(req);
	req->status = status;
	req->reply_bytes = data;
	req->reply_bytes_len = len;
	req->content_type = content_type;
	snprintf(req->inline_name, sizeof(req->inline_name), "%s", filename);
	/* A name from elsewhere never reaches the header: only what cannot break out of its quotes. */
	for (char *c = req->inline_name; *c; c++)
		if (!isalnum((unsigned char)*c) && *c != '.' && *c != '-')
			*c = '-';
	return 0;
}

void reply_reset(struct request *req)
{
	free(req->link);
	req->link = NULL;
	req->replied = false;
	req->status = 0;
	json_decref(req->reply_body);
	req->reply_body = NULL;
	free(req->reply_text);
	req->reply_text = NULL;
	free(req->reply_bytes);
	req->reply_bytes = NULL;
	req->reply_bytes_len = 0;
	req->inline_name[0] = '\0';
	free(req->set_cookie);
	req->set_cookie = NULL;
	req->retry_after = 0;
	req->allow[0] = '\0';
	req->attachment_name = NULL;
	if (req->stream.release)
		req->stream.release(req->stream.cls);
	memset(&req->stream, 0, sizeof(req->stream));
}

int reply_stream(struct request *req, const char *content_type, ssize_t (*read)(void *cls, uint64_t pos, char *out, size_t max),
		 void (*release)(void *cls), void *cls)
{
	reply_reset(req);
	req->replied = true;
	req->status = 200;
	req->stream.read = read;
	req->stream.release = release;
	req->stream.cls = cls;
	req->stream.content_type = content_type;
	return 0;
}

const char *reply_cookie_name(const struct request *req)
{
	return strncmp(req->srv->cfg->public_url, "https://", 8) ? "roer" : "__Host-roer";
}

void reply_session_cookie(struct request *req, const char *token)
{
	int secure = !strncmp(req->srv->cfg->public_url, "https://", 8);
	struct buf c = BUF_INIT;

	/* No Max-Age: the browser forgets it when closed; the server ends it after 12 h anyway. */
	if (token)
		buf_addf(&c, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s", reply_cookie_name(req), token,
			 secure ? "; Secure" : "");
	else
		buf_addf(&c, "%s=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s", reply_cookie_name(req),
			 secure ? "; Secure" : "");
	free(req->set_cookie);
	req->set_cookie = buf_detach(&c, NULL);
}

void reply_retry_after(struct request *req, unsigned seconds)
{
	req->retry_after = seconds ? seconds : 1;
}

void reply_attachment(struct request *req, const char *filename)
{
	req->attachment_name = filename;
}
