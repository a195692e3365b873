#ifndef ROER_API_API_H
#define ROER_API_API_H

/*
 * The handlers, one capability per file, named after their routes. Each
 * validates its input, asks the access module, runs its store transaction
 * and sets exactly one reply. See docs/api.md for what each takes and gives.
 */

#include "api/fields.h"

struct request;

int api_health_get(struct request *req);
int api_vocabulary_get(struct request *req);

/*
 * Authenticates a request by a device's secret (`presented`: a token, or
 * the SHA-1 or SHA-512 of one in hex): fills req->device and makes the
 * request act as the person who connected the device. Returns 1, 0 when
 * the secret is unknown or revoked (*why says which, for the reply), or -1
 * when the store failed.
 */
int api_device_authenticate(struct request *req, const char *presented, const char **why);

/*
 * A request to the Nightscout API (api/nightscout.h): finds the device by
 * the secret in its `api-secret` or `Authorization: Bearer` header. Returns
 * 0 (req->device.id 0 when there was none, on a route that answers without
 * one), or -1 after replying 401 in Nightscout's shape.
 */
int nightscout_authenticate(struct request *req);

/* A request whose anti-forgery token is missing or wrong: refused, and on the session owner's log. */
int api_forgery_refused(struct request *req);

int api_auth_register_post(struct request *req);
int api_auth_login_post(struct request *req);
int api_auth_logout_post(struct request *req);

int api_me_get(struct request *req);
int api_me_patch(struct request *req);
int api_me_delete(struct request *req);
int api_me_password_post(struct request *req);
int api_me_export_get(struct request *req);
int api_me_audit_get(struct request *req);

int api_me_totp_setup_post(struct request *req);
int api_me_totp_confirm_post(struct request *req);
int api_me_totp_disable_post(struct request *req);

int api_invitations_post(struct request *req);
int api_invitations_get(struct request *req);
int api_invitation_delete(struct request *req);
int api_invitations_accept_post(struct request *req);
int api_invitations_preview_post(struct request *req);

int api_members_get(struct request *req);
int api_member_patch(struct request *req);
int api_member_delete(struct request *req);
int api_supporting_get(struct request *req);
int api_client_audit_get(struct request *req);

int api_help_requests_get(struct request *req);
int api_help_requests_post(struct request *req);

/* Alerts (docs/api.md, "Alerts"). */
int api_alert_rules_get(struct request *req);
int api_alert_rules_post(struct request *req);
int api_alert_rule_put(struct request *req);
int api_alert_rule_delete(struct request *req);
int api_alert_rule_snooze_post(struct request *req);
int api_alert_rule_snooze_delete(struct request *req);
int api_alert_receivers_get(struct request *req);
int api_client_alerts_get(struct request *req);
int api_my_alerts_get(struct request *req);
int api_alert_acknowledge_post(struct request *req);
int api_alert_close_post(struct request *req);
int api_help_post(struct request *req);
int api_duty_get(struct request *req);
int api_duty_post(struct request *req);
int api_duty_delete(struct request *req);
int api_events_get(struct request *req);
int api_triage_get(struct request *req);
int api_help_request_offer_post(struct request *req);
int api_help_request_patch(struct request *req);
int api_my_help_requests_get(struct request *req);

int api_message_threads_get(struct request *req);
int api_messages_get(struct request *req);
int api_messages_post(struct request *req);

int api_wounds_get(struct request *req);
int api_wounds_post(struct request *req);
int api_wound_patch(struct request *req);
int api_wound_photos_get(struct request *req);
int api_wound_photos_post(struct request *req);
int api_wound_photo_get(struct request *req);
int api_wound_photo_delete(struct request *req);

int api_notifications_get(struct request *req);
int api_notifications_unread_get(struct request *req);
int api_notifications_read_post(struct request *req);

/*
 * What the bodies of these handlers may hold (api/fields.h), besides the
 * record kinds' fields (api/record.h) and the rights (api/network.h):
 * visible so that the fuzz target of the field validator runs every table.
 */
extern const struct field_spec invitation_fields[], member_fields[], help_request_fields[],
	help_request_close_fields[], message_fields[], notification_read_fields[];

#endif
