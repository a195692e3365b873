#ifndef ROER_DEMO_H
#define ROER_DEMO_H

struct store;

#define DEMO_EMAIL "demo@roer.example"
#define DEMO_CARER_EMAIL "demo-mantelzorger@roer.example"
#define DEMO_PASSWORD "roer demo 2026"

/*
 * Creates the demo client (marked as demo) with a filled picture, balance,
 * plan, check-ins, decisions and advance care plan spread over the last
 * twelve weeks, two months of her morning weight and blood pressure with her
 * own ranges, and her daughter (a demo account too) in her network with
 * help requests and messages. Refuses (-1) when the store already has the
 * demo account.
 */
int demo_create(struct store *store);

#endif
