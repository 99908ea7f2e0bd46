/*
 * error.h: how the C core reports failure.
 *
 * The core never throws: every fallible call returns a shmx_status and, when it is not
 * SHMX_OK, fills a shmx_error with the status, the errno it came from (0 if none) and a
 * message that already names the object ("key 0x0000162e: ..."). The PHP layer maps the status
 * to an exception class (php_shmx_throw_error) and uses the message and errno as they are.
 */
#ifndef SHMX_ERROR_H
#define SHMX_ERROR_H

#include "platform.h"

typedef enum shmx_status {
	SHMX_OK = 0,
	SHMX_ERR_OS,        /* the OS refused; sys_errno says why -> Shmx\Exception */
	SHMX_ERR_EXISTS,    /* mode 'n' and the object exists -> Shmx\Exception */
	SHMX_ERR_NOT_FOUND, /* mode 'w'/'a' and nothing there -> Shmx\Exception */
	SHMX_ERR_SIZE,      /* existing object smaller than asked for -> Shmx\Exception */
	SHMX_ERR_CORRUPT,   /* not a valid shmx layout -> Shmx\CorruptException */
	SHMX_ERR_FULL,      /* no room for the value -> Shmx\FullException */
	SHMX_ERR_TIMEOUT,   /* a wait ran out -> Shmx\TimeoutException */
	SHMX_ERR_STATE,     /* object misuse (read-only write, unlock not held) -> \Error */
	SHMX_ERR_TYPE,      /* operation does not apply to the stored type -> Shmx\Exception */
	SHMX_ERR_OVERFLOW,  /* integer overflow -> \ArithmeticError */
	SHMX_ERR_RANGE,     /* an argument out of range (caller maps to ValueError) */
	SHMX_ERR_GONE,      /* the object was destroyed under a live handle -> Shmx\Exception */
	SHMX_ERR_CLOSED     /* a Queue closed by close(): no pushes, or closed and empty -> Shmx\Exception */
} shmx_status;

#define SHMX_ERROR_MSG_MAX 320

typedef struct shmx_error {
	shmx_status status;
	int sys_errno;
	char msg[SHMX_ERROR_MSG_MAX];
} shmx_error;

/* Records the failure and returns its status, so callers can `return shmx_fail(...)`. */
shmx_status shmx_fail(shmx_error *err, shmx_status status, int sys_errno, const char *fmt, ...)
	SHMX_PRINTF(4, 5);

/* shmx_fail for an OS call: message "<what>: <strerror(errnum)>", status SHMX_ERR_OS. */
shmx_status shmx_fail_os(shmx_error *err, int errnum, const char *what_fmt, ...)
	SHMX_PRINTF(3, 4);

#endif
