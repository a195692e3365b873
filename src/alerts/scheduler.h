#ifndef ROER_ALERTS_SCHEDULER_H
#define ROER_ALERTS_SCHEDULER_H

/*
 * The alert scheduler: a thread of the server that, about once a second,
 * tells the next person of alerts nobody took up in time, raises the
 * alerts of rules that wait for something that did not come (no reading
 * for so many hours) and clears old live events. It works from indexed due
 * times (alerts.next_step_at, alert_rules.due_at), never by scanning every
 * client; what is due while the server is down is done when it is back.
 * It reads the wall clock through time_now(), so the test clock moves it.
 */

struct store;

/* Starts the thread. Returns 0 or -1. */
int scheduler_start(struct store *s);
/* Stops it after the pass in progress. */
void scheduler_stop(void);

#endif
