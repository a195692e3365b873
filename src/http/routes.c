/*
 * The route table: every API route, its handler and what the http layer
 * checks before the handler runs. Scanned in order; the first match wins.
 * Anything not marked ROUTE_PUBLIC needs a live session. {client} is a
 * client's id or "me".
 */
#include "api/api.h"
#include "api/daily_life.h"
#include "api/measure.h"
#include "api/nightscout.h"
#include "api/record.h"
#include "http/dispatch.h"

/* A part of the client's record: list and add, read one. */
#define RECORD(path, kind)                                                                         \
	{ METHOD_GET, "/api/v1/clients/{client}/" path, api_record_list, 0, &kind },              \
	{ METHOD_POST, "/api/v1/clients/{client}/" path, api_record_create, 0, &kind },           \
	{ METHOD_GET, "/api/v1/clients/{client}/" path "/{id}", api_record_get, 0, &kind }

/* ... and change and remove one, for parts that are not kept as written. */
#define EDITABLE(path, kind)                                                                       \
	{ METHOD_PATCH, "/api/v1/clients/{client}/" path "/{id}", api_record_update, 0, &kind },  \
	{ METHOD_DELETE, "/api/v1/clients/{client}/" path "/{id}", api_record_delete, 0, &kind }

const struct route api_routes[] = {
	{ METHOD_GET, "/api/v1/health", api_health_get, ROUTE_PUBLIC, NULL },
	{ METHOD_GET, "/api/v1/vocabulary", api_vocabulary_get, ROUTE_PUBLIC, NULL },

	{ METHOD_POST, "/api/v1/auth/register", api_auth_register_post, ROUTE_PUBLIC, NULL },
	{ METHOD_POST, "/api/v1/auth/login", api_auth_login_post, ROUTE_PUBLIC, NULL },
	{ METHOD_POST, "/api/v1/auth/logout", api_auth_logout_post, ROUTE_ENROLLMENT_OK, NULL },

	{ METHOD_GET, "/api/v1/me", api_me_get, ROUTE_ENROLLMENT_OK, NULL },
	{ METHOD_PATCH, "/api/v1/me", api_me_patch, ROUTE_ENROLLMENT_OK, NULL },
	{ METHOD_DELETE, "/api/v1/me", api_me_delete, 0, NULL },
	{ METHOD_POST, "/api/v1/me/password", api_me_password_post, ROUTE_COSTLY, NULL },
	{ METHOD_GET, "/api/v1/me/export", api_me_export_get, ROUTE_COSTLY, NULL },
	{ METHOD_GET, "/api/v1/me/audit", api_me_audit_get, 0, NULL },

	{ METHOD_POST, "/api/v1/me/totp/setup", api_me_totp_setup_post, ROUTE_ENROLLMENT_OK, NULL },
	{ METHOD_POST, "/api/v1/me/totp/confirm", api_me_totp_confirm_post, ROUTE_ENROLLMENT_OK, NULL },
	{ METHOD_POST, "/api/v1/me/totp/disable", api_me_totp_disable_post, 0, NULL },

	/* The client's network. */
	{ METHOD_POST, "/api/v1/clients/{client}/invitations", api_invitations_post, 0, NULL },
	{ METHOD_GET, "/api/v1/clients/{client}/invitations", api_invitations_get, 0, NULL },
	{ METHOD_DELETE, "/api/v1/clients/{client}/invitations/{id}", api_invitation_delete, 0, NULL },
	{ METHOD_POST, "/api/v1/invitations/accept", api_invitations_accept_post, 0, NULL },
	{ METHOD_POST, "/api/v1/invitations/preview", api_invitations_preview_post, 0, NULL },
	{ METHOD_GET, "/api/v1/clients/{client}/members", api_members_get, 0, NULL },
	{ METHOD_PATCH, "/api/v1/clients/{client}/members/{id}", api_member_patch, 0, NULL },
	{ METHOD_DELETE, "/api/v1/clients/{client}/members/{id}", api_member_delete, 0, NULL },
	{ METHOD_GET, "/api/v1/supporting", api_supporting_get, 0, NULL },
	{ METHOD_GET, "/api/v1/clients/{client}/audit", api_client_audit_get, 0, NULL },
	{ METHOD_GET, "/api/v1/clients/{client}/help-requests", api_help_requests_get, 0, NULL },
	{ METHOD_POST, "/api/v1/clients/{client}/help-requests", api_help_requests_post, 0, NULL },
	{ METHOD_POST, "/api/v1/clients/{client}/help-requests/{id}/offer", api_help_request_offer_post, 0, NULL },
	{ METHOD_PATCH, "/api/v1/clients/{client}/help-requests/{id}", api_help_request_patch, 0, NULL },
	{ METHOD_GET, "/api/v1/help-requests", api_my_help_requests_get, 0, NULL },
	{ METHOD_GET, "/api/v1/clients/{client}/messages/threads", api_message_threads_get, 0, NULL },
	{ METHOD_GET, "/api/v1/clients/{client}/messages", api_messages_get, 0, NULL },
	{ METHOD_POST, "/api/v1/clients/{client}/messages", api_messages_post, 0, NULL },
	{ METHOD_GET, "/api/v1/notifications", api_notifications_get, 0, NULL },
	{ METHOD_GET, "/api/v1/notifications/unread", api_notifications_unread_get, 0, NULL },
	{ METHOD_POST, "/api/v1/notifications/read", api_notifications_read_post, 0, NULL },

	/* Alerts: rules, alerts, the help button, duty, live events. */
	{ METHOD_GET, "/api/v1/clients/{client}/alert-rules", api_alert_rules_get, 0, NULL },
	{ METHOD_POST, "/api/v1/clients/{client}/alert-rules", api_alert_rules_post, 0, NULL },
	{ METHOD_PUT, "/api/v1/clients/{client}/alert-rules/{id}", api_alert_rule_put, 0, NULL },
	{ METHOD_DELETE, "/api/v1/clients/{client}/alert-rules/{id}", api_alert_rule_delete, 0, NULL },
	{ METHOD_POST, "/api/v1/clients/{client}/alert-rules/{id}/snooze", api_alert_rule_snooze_post, 0, NULL },
	{ METHOD_DELETE, "/api/v1/clients/{client}/alert-rules/{id}/snooze", api_alert_rule_snooze_delete, 0, NULL },
	{ METHOD_GET, "/api/v1/clients/{client}/alert-receivers", api_alert_receivers_get, 0, NULL },
	{ METHOD_GET, "/api/v1/clients/{client}/alerts", api_client_alerts_get, 0, NULL },
	{ METHOD_GET, "/api/v1/alerts", api_my_alerts_get, 0, NULL },
	{ METHOD_POST, "/api/v1/alerts/{id}/acknowledge", api_alert_acknowledge_post, 0, NULL },
	{ METHOD_POST, "/api/v1/alerts/{id}/close", api_alert_close_post, 0, NULL },
	{ METHOD_POST, "/api/v1/clients/{client}/help", api_help_post, 0, NULL },
	{ METHOD_GET, "/api/v1/clients/{client}/duty", api_duty_get, 0, NULL },
	{ METHOD_POST, "/api/v1/clients/{client}/duty", api_duty_post, 0, NULL },
	{ METHOD_DELETE, "/api/v1/clients/{client}/duty/{id}", api_duty_delete, 0, NULL },
	{ METHOD_GET, "/api/v1/events", api_events_get, 0, NULL },
	{ METHOD_GET, "/api/v1/triage", api_triage_get, 0, NULL },

	/* Measuring at home. */
	{ METHOD_GET, "/api/v1/measurement-kinds", api_measurement_kinds_get, ROUTE_PUBLIC | ROUTE_DEVICE, NULL },
	{ METHOD_GET, "/api/v1/clients/{client}/measurements/latest", api_measurements_latest_get, 0, NULL },
	{ METHOD_GET, "/api/v1/clients/{client}/measurements/series", api_measurement_series_get, 0, NULL },
	{ METHOD_GET, "/api/v1/clients/{client}/measurements", api_measurements_get, ROUTE_DEVICE, NULL },
	{ METHOD_POST, "/api/v1/clients/{client}/measurements", api_measurements_post, ROUTE_DEVICE, NULL },
	{ METHOD_DELETE, "/api/v1/clients/{client}/measurements/{id}", api_measurement_delete, 0, NULL },
	{ METHOD_GET, "/api/v1/clients/{client}/metrics", api_metrics_get, 0, NULL },
	{ METHOD_GET, "/api/v1/clients/{client}/targets", api_targets_get, 0, NULL },
	{ METHOD_PUT, "/api/v1/clients/{client}/targets", api_targets_put, 0, NULL },
	{ METHOD_GET, "/api/v1/clients/{client}/devices", api_devices_get, 0, NULL },
	{ METHOD_POST, "/api/v1/clients/{client}/devices", api_devices_post, 0, NULL },
	{ METHOD_DELETE, "/api/v1/clients/{client}/devices/{id}", api_device_delete, 0, NULL },

	/* Wounds and their photos (the photos right). */
	{ METHOD_GET, "/api/v1/clients/{client}/wounds", api_wounds_get, 0, NULL },
	{ METHOD_POST, "/api/v1/clients/{client}/wounds", api_wounds_post, 0, NULL },
	{ METHOD_PATCH, "/api/v1/clients/{client}/wounds/{id}", api_wound_patch, 0, NULL },
	{ METHOD_GET, "/api/v1/clients/{client}/wounds/{id}/photos", api_wound_photos_get, 0, NULL },
	{ METHOD_POST, "/api/v1/clients/{client}/wounds/{id}/photos", api_wound_photos_post, ROUTE_UPLOAD, NULL },
	{ METHOD_GET, "/api/v1/clients/{client}/wounds/{id}/photos/{id}", api_wound_photo_get, 0, NULL },
	{ METHOD_DELETE, "/api/v1/clients/{client}/wounds/{id}/photos/{id}", api_wound_photo_delete, 0, NULL },

	/* Looking along at a distance: daily-life signals and the day view (the daily_life right). */
	{ METHOD_POST, "/api/v1/clients/{client}/signals", api_signals_post, ROUTE_DEVICE, NULL },
	{ METHOD_GET, "/api/v1/clients/{client}/signals", api_signals_get, 0, NULL },
	{ METHOD_GET, "/api/v1/clients/{client}/daily-life", api_daily_life_get, 0, NULL },
	{ METHOD_PUT, "/api/v1/clients/{client}/daily-life/settings", api_daily_life_settings_put, 0, NULL },

	/* The Nightscout API v1 for glucose uploaders (api/nightscout.h, docs/nightscout.md). */
#define NS "/nightscout/api/v1/"
	{ METHOD_GET, NS "status.json", nightscout_status_get, ROUTE_PUBLIC | ROUTE_NIGHTSCOUT, NULL },
	{ METHOD_GET, NS "status", nightscout_status_get, ROUTE_PUBLIC | ROUTE_NIGHTSCOUT, NULL },
	{ METHOD_GET, NS "verifyauth", nightscout_verifyauth_get, ROUTE_PUBLIC | ROUTE_NIGHTSCOUT, NULL },
	{ METHOD_GET, NS "experiments/test", nightscout_experiments_test_get, ROUTE_NIGHTSCOUT, NULL },
	{ METHOD_POST, NS "entries", nightscout_entries_post, ROUTE_NIGHTSCOUT, NULL },
	{ METHOD_POST, NS "entries.json", nightscout_entries_post, ROUTE_NIGHTSCOUT, NULL },
	{ METHOD_GET, NS "entries", nightscout_entries_get, ROUTE_NIGHTSCOUT, NULL },
	{ METHOD_GET, NS "entries.json", nightscout_entries_get, ROUTE_NIGHTSCOUT, NULL },
	{ METHOD_GET, NS "entries/sgv", nightscout_entries_sgv_get, ROUTE_NIGHTSCOUT, NULL },
	{ METHOD_GET, NS "entries/sgv.json", nightscout_entries_sgv_get, ROUTE_NIGHTSCOUT, NULL },
	{ METHOD_GET, NS "entries/current", nightscout_entries_current_get, ROUTE_NIGHTSCOUT, NULL },
	{ METHOD_GET, NS "entries/current.json", nightscout_entries_current_get, ROUTE_NIGHTSCOUT, NULL },
	{ METHOD_POST, NS "treatments", nightscout_treatments_post, ROUTE_NIGHTSCOUT, NULL },
	{ METHOD_POST, NS "treatments.json", nightscout_treatments_post, ROUTE_NIGHTSCOUT, NULL },
	{ METHOD_PUT, NS "treatments", nightscout_treatments_post, ROUTE_NIGHTSCOUT, NULL },
	{ METHOD_PUT, NS "treatments.json", nightscout_treatments_post, ROUTE_NIGHTSCOUT, NULL },
	{ METHOD_GET, NS "treatments", nightscout_treatments_get, ROUTE_NIGHTSCOUT, NULL },
	{ METHOD_GET, NS "treatments.json", nightscout_treatments_get, ROUTE_NIGHTSCOUT, NULL },
	{ METHOD_POST, NS "devicestatus", nightscout_devicestatus_post, ROUTE_NIGHTSCOUT, NULL },
	{ METHOD_POST, NS "devicestatus.json", nightscout_devicestatus_post, ROUTE_NIGHTSCOUT, NULL },
	{ METHOD_GET, NS "devicestatus", nightscout_devicestatus_get, ROUTE_NIGHTSCOUT, NULL },
	{ METHOD_GET, NS "devicestatus.json", nightscout_devicestatus_get, ROUTE_NIGHTSCOUT, NULL },
#undef NS

	/* The client's own record. */
	RECORD("profile", record_what_matters),
	EDITABLE("profile", record_what_matters),
	RECORD("domains", record_domains),
	{ METHOD_GET, "/api/v1/clients/{client}/balance/history", api_balance_history_get, 0, &record_balance },
	RECORD("balance/judgements", record_balance_judgements),
	RECORD("balance", record_balance),
	EDITABLE("balance", record_balance),
	RECORD("goals", record_goals),
	EDITABLE("goals", record_goals),
	RECORD("actions", record_actions),
	EDITABLE("actions", record_actions),
	RECORD("checkins/rhythm", record_checkin_rhythm),
	RECORD("checkins", record_checkins),
	RECORD("decisions", record_decisions),
	EDITABLE("decisions", record_decisions),
	RECORD("advance-care-plan", record_advance_care_plan),
};

const size_t api_routes_count = sizeof(api_routes) / sizeof(api_routes[0]);
