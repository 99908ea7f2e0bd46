/*
 * php_compat.c: shmx.compat=1, the original extensions' names on top of shmx's functions.
 *
 * For each original (one row of `parts` below) that is not loaded, shmx registers, from its own
 * MINIT: a module entry with the original's name (so extension_loaded(), get_extension_funcs()
 * and run-tests' --EXTENSIONS-- see it), whose function table maps the original names onto the
 * shmx_ handlers (generated from src/php_compat_<name>.stub.php with @alias), and the original's
 * class under its global name, with the same object handlers as the Shmx\ class.
 *
 * Load order does not matter: every extension= line is loaded before any MINIT runs, so when
 * shmx's MINIT looks, an original listed after shmx in php.ini is already in the module
 * registry. Such a part is skipped with a startup warning naming it; the original then serves
 * its names and shmx only its own shmx_ ones. Registering a module during MINIT is safe because
 * zend_startup_modules() walks the registry with zend_hash_apply(), which re-reads the table on
 * every step and so also starts the modules added here.
 *
 * Adding an original is one stub, one module entry and one row. shmop's class comes from
 * src/php_shmop.c (php_shmx_shmop_register_class), whose handlers it shares.
 */
#include "php_common.h"
#include "php_ini.h"
#include "ext/standard/info.h"

/* The alias tables refer to these handlers, defined in php_sysvshm.c, php_sysvsem.c, php_shmop.c. */
ZEND_FUNCTION(shmx_attach);
ZEND_FUNCTION(shmx_remove);
ZEND_FUNCTION(shmx_detach);
ZEND_FUNCTION(shmx_put_var);
ZEND_FUNCTION(shmx_has_var);
ZEND_FUNCTION(shmx_get_var);
ZEND_FUNCTION(shmx_remove_var);
ZEND_FUNCTION(shmx_sem_get);
ZEND_FUNCTION(shmx_sem_acquire);
ZEND_FUNCTION(shmx_sem_release);
ZEND_FUNCTION(shmx_sem_remove);
ZEND_FUNCTION(shmx_open);
ZEND_FUNCTION(shmx_read);
ZEND_FUNCTION(shmx_close);
ZEND_FUNCTION(shmx_size);
ZEND_FUNCTION(shmx_write);
ZEND_FUNCTION(shmx_delete);

/* Each generated header defines a static `ext_functions`; give each its own name. */
#define ext_functions php_shmx_compat_sysvshm_functions
#include "php_compat_sysvshm_arginfo.h"
#undef ext_functions
#define ext_functions php_shmx_compat_sysvsem_functions
#include "php_compat_sysvsem_arginfo.h"
#undef ext_functions
#define ext_functions php_shmx_compat_shmop_functions
#include "php_compat_shmop_arginfo.h"
#undef ext_functions

void php_shmx_sysvshm_compat_class(zend_class_entry *ce);
void php_shmx_sysvshm_set_init_mem(zend_long bytes);
void php_shmx_sysvsem_compat_class(zend_class_entry *ce);

/* sysvshm.init_mem: the original reads it from php.ini without registering it; registered here
 * so that ini_get() answers too. Only where shmx stands in for ext/sysvshm. */
static ZEND_INI_MH(OnUpdateInitMem)
{
	php_shmx_sysvshm_set_init_mem(ZEND_STRTOL(ZSTR_VAL(new_value), NULL, 10));
	return SUCCESS;
}

PHP_INI_BEGIN()
	PHP_INI_ENTRY("sysvshm.init_mem", "10000", PHP_INI_SYSTEM, OnUpdateInitMem)
PHP_INI_END()

static PHP_MINIT_FUNCTION(shmx_compat_sysvshm)
{
	REGISTER_INI_ENTRIES();
	return SUCCESS;
}

static PHP_MSHUTDOWN_FUNCTION(shmx_compat_sysvshm)
{
	UNREGISTER_INI_ENTRIES();
	return SUCCESS;
}

static PHP_MINFO_FUNCTION(shmx_compat)
{
	/* The original's own first row ("shmop support" => "enabled"), which health checks grep
	 * for, then where it comes from. */
	char label[32], line[64];
	snprintf(label, sizeof(label), "%s support", zend_module->name);
	snprintf(line, sizeof(line), "shmx %s (shmx.compat=1)", PHP_SHMX_VERSION);
	php_info_print_table_start();
	php_info_print_table_row(2, label, "enabled");
	php_info_print_table_row(2, "provided by", line);
	php_info_print_table_end();
}

/* The module entries: the original's name and version, shmx's handlers. */
static zend_module_entry compat_sysvshm_module = {
	STANDARD_MODULE_HEADER,
	"sysvshm",
	php_shmx_compat_sysvshm_functions,
	PHP_MINIT(shmx_compat_sysvshm),
	PHP_MSHUTDOWN(shmx_compat_sysvshm),
	NULL,
	NULL,
	PHP_MINFO(shmx_compat),
	PHP_VERSION,
	STANDARD_MODULE_PROPERTIES
};

static zend_module_entry compat_sysvsem_module = {
	STANDARD_MODULE_HEADER,
	"sysvsem",
	php_shmx_compat_sysvsem_functions,
	NULL,
	NULL,
	NULL,
	NULL,
	PHP_MINFO(shmx_compat),
	PHP_VERSION,
	STANDARD_MODULE_PROPERTIES
};

static zend_module_entry compat_shmop_module = {
	STANDARD_MODULE_HEADER,
	"shmop",
	php_shmx_compat_shmop_functions,
	NULL,
	NULL,
	NULL,
	NULL,
	PHP_MINFO(shmx_compat),
	PHP_VERSION,
	STANDARD_MODULE_PROPERTIES
};

static void shmop_classes(void)
{
	php_shmx_shmop_register_class("Shmop");
}

static void sysvshm_classes(void)
{
	php_shmx_sysvshm_compat_class(register_class_SysvSharedMemory());
}

static void sysvsem_classes(void)
{
	php_shmx_sysvsem_compat_class(register_class_SysvSemaphore());
}

typedef struct php_shmx_compat_part {
	const char *name;            /* the original's module name, lower case */
	zend_module_entry *module;   /* registered under that name */
	void (*classes)(void);       /* registers the original's class(es) under their global names */
	int available;               /* 0 where the platform cannot back it (no System V semaphores on
	                                Windows, where the original is not built either): not registered */
} php_shmx_compat_part;

static const php_shmx_compat_part parts[] = {
	{"shmop", &compat_shmop_module, shmop_classes, 1},
	{"sysvshm", &compat_sysvshm_module, sysvshm_classes, 1},
	{"sysvsem", &compat_sysvsem_module, sysvsem_classes, SHMX_HAVE_SYSVSEM},
};

/* The originals whose names php_shmx_compat_minit() registered, for phpinfo(). */
static char compat_registered[32];

const char *php_shmx_compat_registered(void)
{
	return compat_registered;
}

void php_shmx_compat_minit(void)
{
	size_t i;

	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		const php_shmx_compat_part *part = &parts[i];
		zend_module_entry *current = EG(current_module);
		zend_module_entry *registered;

		if (!part->available) {
			continue;
		}
		if (zend_hash_str_exists(&module_registry, part->name, strlen(part->name))) {
			php_error_docref(NULL, E_CORE_WARNING,
				"shmx.compat=1: ext/%s is loaded, so its functions and class stay the original's; "
				"shmx provides only its shmx_ names for it", part->name);
			continue;
		}
		registered = zend_register_internal_module(part->module);
		if (!registered) {
			php_error_docref(NULL, E_CORE_WARNING, "shmx.compat=1: could not register the %s names", part->name);
		} else {
			/* The class belongs to the original's module, as Reflection reports it there. */
			EG(current_module) = registered;
			part->classes();
			if (compat_registered[0]) {
				strcat(compat_registered, ", ");
			}
			strcat(compat_registered, part->name);
		}
		/* zend_register_internal_module() leaves EG(current_module) NULL; shmx's MINIT goes on. */
		EG(current_module) = current;
	}
}
