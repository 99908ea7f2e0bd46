/*
 * counter.c: opening and closing a Shmx\Counter region (the arithmetic is inline in
 * counter.h). The region is formatted by whoever creates it, with $initial as its value;
 * every later opener finds the value that is there.
 */
#include "counter.h"
#include "sync.h"

static int counter_init(void *payload, size_t payload_size, void *arg)
{
	shmx_counter_shared *s = payload;
	s->value = *(const int64_t *)arg;
	return 0;
}

shmx_status shmx_counter_open(shmx_counter *c, const shmx_id *id, int64_t initial, int flags, uint32_t perms, shmx_error *err)
{
	void *payload;
	size_t payload_size;
	shmx_status st = shmx_sync_attach(&c->map, id, flags, perms, SHMX_KIND_COUNTER,
		sizeof(shmx_counter_shared), sizeof(shmx_counter_shared), counter_init, &initial,
		&payload, &payload_size, err);
	if (st != SHMX_OK) {
		return st;
	}
	c->cell = &((shmx_counter_shared *)payload)->value;
	return SHMX_OK;
}

void shmx_counter_close(shmx_counter *c)
{
	shmx_map_detach(&c->map);
	c->cell = NULL;
}
