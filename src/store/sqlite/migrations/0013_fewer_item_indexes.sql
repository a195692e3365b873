-- Every index is written at each change, and in a group commit of writes by
-- many clients each index adds pages to the fsync. record_items_client (its
-- uniqueness holds anyway: id is the key) served nothing that
-- record_items_live (the same columns, live items) and the primary key do
-- not: an item is read by its id, a list by the live index.
DROP INDEX record_items_client;
