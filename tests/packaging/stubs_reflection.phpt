--TEST--
Shmx: packaging: stubs/shmx/shmx.php declares exactly the extension's classes, methods, functions and signatures, with PHPDoc on each
--EXTENSIONS--
shmx
--FILE--
<?php
/*
 * Two views of the same API, compared: Reflection of the loaded extension here, and
 * Reflection of the stub file in a second php that runs without shmx (-n, no extension=), so
 * that the stub's declarations cannot clash with the extension's. The child is this very
 * script, run with the argument "stub"; it prints its view as JSON.
 */
const STUB = __DIR__ . '/../../stubs/shmx/shmx.php';

/* "?int" and "int|null", and any order of a union, compare equal. */
function type_of(?ReflectionType $t): ?string
{
    if ($t === null) {
        return null;
    }
    $parts = [];
    foreach (explode('|', (string)$t) as $p) {
        if ($p[0] === '?') {
            $parts[] = 'null';
            $p = substr($p, 1);
        }
        $parts[] = ltrim($p, '\\');
    }
    sort($parts);
    return implode('|', $parts);
}

function params_of(ReflectionFunctionAbstract $f): array
{
    $out = [];
    foreach ($f->getParameters() as $p) {
        $out[] = [
            'name' => $p->getName(),
            'type' => type_of($p->getType()),
            'optional' => $p->isOptional(),
            'default' => $p->isDefaultValueAvailable() ? var_export($p->getDefaultValue(), true) : null,
            'by_ref' => $p->isPassedByReference(),
            'variadic' => $p->isVariadic(),
        ];
    }
    return $out;
}

function function_of(ReflectionFunctionAbstract $f, bool $stub): array
{
    return [
        'params' => params_of($f),
        'required' => $f->getNumberOfRequiredParameters(),
        'return' => type_of($f->getReturnType()),
        'tentative_return' => type_of($f->getTentativeReturnType()),
        'by_ref_return' => $f->returnsReference(),
        /* A user function cannot be deprecated in 8.2; the stub says so in its PHPDoc. */
        'deprecated' => $stub ? str_contains((string)$f->getDocComment(), '@deprecated') : $f->isDeprecated(),
    ];
}

function class_of(ReflectionClass $c, bool $stub): array
{
    $methods = [];
    foreach ($c->getMethods() as $m) {
        if ($m->getDeclaringClass()->getName() !== $c->getName()) {
            continue;   /* inherited (Exception's): not declared by shmx or the stub */
        }
        $methods[$m->getName()] = function_of($m, $stub) + [
            'modifiers' => Reflection::getModifierNames($m->getModifiers()),
        ];
    }
    ksort($methods);
    $interfaces = $c->getInterfaceNames();
    sort($interfaces);
    return [
        'final' => $c->isFinal(),
        'abstract' => $c->isAbstract(),
        'interface' => $c->isInterface(),
        'parent' => $c->getParentClass() ? $c->getParentClass()->getName() : null,
        'interfaces' => $interfaces,
        'constants' => $c->getConstants(),
        'properties' => array_map(fn($p) => $p->getName(),
            array_filter($c->getProperties(), fn($p) => $p->getDeclaringClass()->getName() === $c->getName())),
        'methods' => $methods,
    ];
}

/* The stub's PHPDoc: @since on everything, an @param naming each parameter, an @return. */
function doc_problems(array $classes, array $functions): array
{
    $bad = [];
    $check = function (string $what, ReflectionFunctionAbstract $f) use (&$bad) {
        $doc = (string)$f->getDocComment();
        if (!str_contains($doc, '@since 0.1.0')) {
            $bad[] = "$what: no @since 0.1.0";
        }
        foreach ($f->getParameters() as $p) {
            if (!preg_match('/@param\s+\S+\s+\$' . $p->getName() . '\s+\S/', $doc)) {
                $bad[] = "$what: no @param with a type and a meaning for \${$p->getName()}";
            }
        }
        if ($f->getName() !== '__construct' && !preg_match('/@return\s+\S+/', $doc)) {
            $bad[] = "$what: no @return";
        }
    };
    foreach ($classes as $c) {
        $rc = new ReflectionClass($c);
        if (!str_contains((string)$rc->getDocComment(), '@since 0.1.0')) {
            $bad[] = "$c: no PHPDoc with @since 0.1.0";
        }
        foreach ($rc->getMethods() as $m) {
            if ($m->getDeclaringClass()->getName() === $c) {
                $check("$c::{$m->getName()}()", $m);
            }
        }
    }
    foreach ($functions as $fn) {
        $check("$fn()", new ReflectionFunction($fn));
    }
    return $bad;
}

function view(bool $stub): array
{
    if ($stub) {
        $classes0 = get_declared_classes();
        $functions0 = get_defined_functions()['user'];
        $constants0 = get_defined_constants(true)['user'] ?? [];
        require STUB;
        $classes = array_values(array_diff(get_declared_classes(), $classes0));
        $functions = array_values(array_diff(get_defined_functions()['user'], $functions0));
    } else {
        $ext = new ReflectionExtension('shmx');
        $classes = $ext->getClassNames();
        $functions = array_keys($ext->getFunctions());
    }
    $view = ['constants' => [], 'classes' => [], 'functions' => []];
    foreach ($classes as $c) {
        $view['classes'][$c] = class_of(new ReflectionClass($c), $stub);
    }
    foreach ($functions as $fn) {
        // As declared (get_defined_functions() lowercases the namespace of user functions).
        $rf = new ReflectionFunction($fn);
        $view['functions'][$rf->getName()] = function_of($rf, $stub);
    }
    if ($stub) {
        $view['constants'] = array_keys(array_diff_key(get_defined_constants(true)['user'] ?? [], $constants0));
        $view['doc_problems'] = doc_problems($classes, $functions);
    } else {
        $view['constants'] = array_keys((new ReflectionExtension('shmx'))->getConstants());
    }
    ksort($view['classes']);
    ksort($view['functions']);
    return $view;
}

/* Every difference between two nested arrays, as "path: ext ... stub ..." lines. */
function diff(mixed $ext, mixed $stub, string $path = ''): array
{
    if (!is_array($ext) || !is_array($stub)) {
        return $ext === $stub ? [] : ["$path: extension " . json_encode($ext) . ", stub " . json_encode($stub)];
    }
    $out = [];
    foreach (array_unique(array_merge(array_keys($ext), array_keys($stub))) as $k) {
        if (!array_key_exists($k, $stub)) {
            $out[] = "$path/$k: in the extension, not in the stub";
        } elseif (!array_key_exists($k, $ext)) {
            $out[] = "$path/$k: in the stub, not in the extension";
        } else {
            $out = array_merge($out, diff($ext[$k], $stub[$k], "$path/$k"));
        }
    }
    return $out;
}

if (($argv[1] ?? '') === 'stub') {
    if (extension_loaded('shmx')) {
        exit("the stub must be reflected without shmx loaded\n");
    }
    echo json_encode(view(true));
    exit(0);
}

$out = shell_exec(PHP_BINARY . ' -n ' . escapeshellarg(__FILE__) . ' stub 2>&1');
$stub = json_decode((string)$out, true);
if (!is_array($stub)) {
    exit("the stub could not be reflected:\n$out\n");
}
$ext = view(false);
$problems = $stub['doc_problems'];
unset($stub['doc_problems']);

$methods = array_sum(array_map(fn($c) => count($c['methods']), $ext['classes']));
$params = array_sum(array_map(fn($f) => count($f['params']), $ext['functions']))
    + array_sum(array_map(fn($c) => array_sum(array_map(fn($m) => count($m['params']), $c['methods'])), $ext['classes']));
printf("extension: %d classes, %d methods, %d functions, %d parameters, %d constants\n",
    count($ext['classes']), $methods, count($ext['functions']), $params, count($ext['constants']));
echo "differences:\n", implode("\n", diff($ext, $stub)) ?: 'none', "\n";
echo "PHPDoc problems:\n", implode("\n", $problems) ?: 'none', "\n";
?>
--EXPECT--
extension: 14 classes, 68 methods, 20 functions, 113 parameters, 0 constants
differences:
none
PHPDoc problems:
none
