--TEST--
Shmx: compat: shmx_sem_acquire(): a holder killed with SIGKILL gives its unit back (SEM_UNDO)
--EXTENSIONS--
shmx
pcntl
posix
--FILE--
<?php
$key = ftok(__FILE__, 'k');
$sem = shmx_sem_get($key, 1, 0600);
pcntl_alarm(20);

$pid = pcntl_fork();
if ($pid === 0) {
    $mine = shmx_sem_get($key, 1, 0600);
    shmx_sem_acquire($mine);
    posix_kill(getmypid(), SIGKILL);
    exit(1);
}
pcntl_waitpid($pid, $status);
var_dump(pcntl_wifsignaled($status) && pcntl_wtermsig($status) === SIGKILL);
var_dump(shmx_sem_acquire($sem, true));

// While this process holds it, a forked worker cannot take it without waiting.
$pid = pcntl_fork();
if ($pid === 0) {
    $mine = shmx_sem_get($key, 1, 0600);
    exit(shmx_sem_acquire($mine, true) ? 1 : 0);
}
pcntl_waitpid($pid, $status);
var_dump(pcntl_wexitstatus($status));
var_dump(shmx_sem_release($sem));
shmx_sem_remove($sem);
?>
--EXPECT--
bool(true)
bool(true)
int(0)
bool(true)
