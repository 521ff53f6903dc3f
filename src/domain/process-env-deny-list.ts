// Variable names no task input may set. Task variables reach processes as arguments today
// (`name=value`, `-var name=value`, `--extra-vars`), but a name on this list would, the moment any
// path turns task variables into process environment (as environment secrets already are for
// shell apps), make an interpreter or a tool run other code, load other libraries, read another
// configuration, or leave the task's folders. Names are matched as written: process environment
// is case-sensitive, and lowercase `env`, `path` or `home` are ordinary variable names.

/** Exact names. */
const NAMES = new Set([
  // shells: files sourced at start, exported functions, options that change parsing
  'BASH_ENV',
  'ENV',
  'SHELLOPTS',
  'BASHOPTS',
  'PROMPT_COMMAND',
  'PS4',
  'IFS',
  'CDPATH',
  'GLOBIGNORE',
  'SHELL',
  // where programs, libraries and configuration are looked up
  'PATH',
  'HOME',
  'TMPDIR',
  'XDG_CONFIG_HOME',
  'XDG_DATA_HOME',
  'XDG_CACHE_HOME',
  'PWD',
  'OLDPWD',
  // perl, ruby, node, java, .NET and PowerShell start-up code and search paths
  'PERL5OPT',
  'PERL5LIB',
  'PERLLIB',
  'PERL5DB',
  'RUBYOPT',
  'RUBYLIB',
  'NODE_OPTIONS',
  'NODE_PATH',
  'JAVA_TOOL_OPTIONS',
  '_JAVA_OPTIONS',
  'JDK_JAVA_OPTIONS',
  'PSModulePath',
  'OPENSSL_CONF',
  // programs other tools start on their own (git, less, man, editors)
  'EDITOR',
  'VISUAL',
  'PAGER',
  'LESSOPEN',
  'LESSCLOSE',
  'BROWSER',
  'MANPAGER',
  // the server's own settings (a task never sees them, and cannot pretend to set them)
  'DATABASE_URL',
  'TEMPORAL_ADDRESS',
  'TEMPORAL_NAMESPACE',
]);

/** Name prefixes: whole families of settings of one tool. */
const PREFIXES = [
  'BASH_FUNC_', // exported bash functions run as code
  'PYTHON', // PYTHONPATH, PYTHONSTARTUP, PYTHONHOME, PYTHONINSPECT, PYTHONUSERBASE …
  'LD_', // LD_PRELOAD, LD_LIBRARY_PATH, LD_AUDIT: code loaded into every dynamically linked program
  'DYLD_',
  'GIT_', // GIT_SSH_COMMAND, GIT_EXEC_PATH, GIT_CONFIG_*, GIT_ASKPASS: git runs what they name
  'SSH_', // SSH_AUTH_SOCK, SSH_ASKPASS: another agent or another password program
  'ANSIBLE_', // ANSIBLE_SSH_ARGS, ANSIBLE_CONFIG, ANSIBLE_LIBRARY, callback and connection plugins …
  'TF_CLI_ARGS', // TF_CLI_ARGS and TF_CLI_ARGS_<command>: options added to every terraform command
  'TF_CLI_CONFIG_FILE',
  'TF_PLUGIN_',
  'TERRAGRUNT_',
  'TG_',
  'DOTNET_', // .NET start-up hooks and profilers, which pwsh loads
  'COMPlus_',
  'CORECLR_',
  'POWERSHELL_',
  'SIGNALMAN_',
  'SEMAPHORE_',
];

/** True when a task may not set a variable of this name (see the list above for why). */
export function isDeniedProcessVariable(name: string): boolean {
  return NAMES.has(name) || PREFIXES.some((p) => name.startsWith(p));
}
