<?php

/**
 * shmx.compat=1: ext/shmop's names, registered by shmx only where ext/shmop is not loaded.
 * Each function is the shmx_ one; called by this name it creates and names \Shmop, the class
 * src/php_shmop.c registers for compat (php_shmx_shmop_register_class), so none is declared here.
 *
 * @generate-function-entries
 */

/** @alias shmx_open */
function shmop_open(int $key, string $mode, int $permissions, int $size): Shmop|false {}

/** @alias shmx_read */
function shmop_read(Shmop $shmop, int $offset, int $size): string {}

/**
 * @alias shmx_close
 * @deprecated
 */
function shmop_close(Shmop $shmop): void {}

/** @alias shmx_size */
function shmop_size(Shmop $shmop): int {}

/** @alias shmx_write */
function shmop_write(Shmop $shmop, string $data, int $offset): int {}

/** @alias shmx_delete */
function shmop_delete(Shmop $shmop): bool {}
