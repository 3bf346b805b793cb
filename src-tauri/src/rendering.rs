//! Which rendering path WebKitGTK takes on this machine, decided once at start, before GTK
//! initialises (Linux only; other systems keep their web view's default).
//!
//! WebKitGTK's default path hands frames to the compositor through DMA-BUF buffers. Without a
//! GPU (software rendering: a VM, a container, Xvfb) that path costs memory and start-up time
//! for nothing, and with NVIDIA's proprietary driver it is known to show blank or broken
//! windows; there the DMA-BUF renderer is turned off. A working GPU keeps WebKit's default:
//! turning renderers off blindly is known to make some real GPUs crawl. A variable the user
//! already set always wins.
//!
//! The decision is a pure function of what was detected ([`decide`]), tested below; [`apply`]
//! detects, sets the variables and logs the decision once.
//!
//! On every Linux machine the web view's JavaScript also runs without JavaScriptCore's
//! optimising compiler (DFG): the UI's scripts are short event handlers that rarely get hot
//! enough for it, and it costs 4–5 MB of the web process's memory. Measured in
//! `docs/rendering.md`; the user's own `JSC_useDFGJIT` wins here too.

/// The variable that turns WebKitGTK's DMA-BUF renderer off.
const DISABLE_DMABUF: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";
/// Variables that choose WebKitGTK's rendering path; one set by the user means they chose.
const USER_CHOICES: &[&str] = &[DISABLE_DMABUF, "WEBKIT_DISABLE_COMPOSITING_MODE", "WEBKIT_FORCE_COMPOSITING_MODE"];

/// JavaScriptCore's switch for its optimising (DFG) compiler, read by the web process.
const OPTIMISING_SCRIPT_COMPILER: &str = "JSC_useDFGJIT";

/// What the machine tells about its graphics, read before GTK starts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Detected {
    /// A rendering variable the user set, with its value.
    pub user_choice: Option<(String, String)>,
    /// A GPU render node exists (`/dev/dri/renderD*`).
    pub gpu_render_node: bool,
    /// Mesa was told to render in software (`LIBGL_ALWAYS_SOFTWARE`).
    pub software_forced: bool,
    /// NVIDIA's proprietary driver is loaded (`/proc/driver/nvidia`).
    pub nvidia_proprietary: bool,
}

/// The path chosen, and why, in words fit for About.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// Variables to set before GTK initialises.
    pub set: Vec<(&'static str, &'static str)>,
    /// For the log and About, e.g. "software, DMA-BUF off".
    pub summary: String,
}

/// Chooses the rendering path for what was detected.
pub fn decide(detected: &Detected) -> Decision {
    if let Some((name, value)) = &detected.user_choice {
        return Decision { set: Vec::new(), summary: format!("as you set it ({name}={value})") };
    }
    let lighter = |why: &str| Decision { set: vec![(DISABLE_DMABUF, "1")], summary: format!("{why}, DMA-BUF off") };
    if detected.nvidia_proprietary {
        lighter("NVIDIA proprietary driver")
    } else if detected.software_forced || !detected.gpu_render_node {
        lighter("software")
    } else {
        Decision { set: Vec::new(), summary: "GPU, WebKit's default".to_owned() }
    }
}

/// Reads what [`decide`] needs from this machine.
fn detect() -> Detected {
    let user_choice =
        USER_CHOICES.iter().find_map(|name| std::env::var(name).ok().map(|value| ((*name).to_owned(), value)));
    let gpu_render_node = std::fs::read_dir("/dev/dri")
        .map(|entries| entries.flatten().any(|entry| entry.file_name().to_string_lossy().starts_with("renderD")))
        .unwrap_or(false);
    let software_forced = std::env::var("LIBGL_ALWAYS_SOFTWARE").is_ok_and(|value| value != "0" && !value.is_empty());
    let nvidia_proprietary = std::path::Path::new("/proc/driver/nvidia").exists();
    Detected { user_choice, gpu_render_node, software_forced, nvidia_proprietary }
}

/// The variables for the web view's script engine: the optimising compiler off, unless the
/// user set it (`user_value`).
pub fn script_engine(user_value: Option<&str>) -> Vec<(&'static str, &'static str)> {
    match user_value {
        Some(_) => Vec::new(),
        None => vec![(OPTIMISING_SCRIPT_COMPILER, "false")],
    }
}

/// The decision's summary, once [`apply`] has run.
static SUMMARY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
/// The variables [`apply`] set, meant for WebKit alone.
static SET_BY_APP: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();

/// Decides, sets the chosen variables and logs the decision. Must run before any thread starts
/// and before GTK initialises: the web view reads the variables once, at its start.
pub fn apply() {
    let (summary, set) = if cfg!(target_os = "linux") {
        let decision = decide(&detect());
        let user_script_choice = std::env::var(OPTIMISING_SCRIPT_COMPILER).ok();
        let set: Vec<_> = decision.set.into_iter().chain(script_engine(user_script_choice.as_deref())).collect();
        for (name, value) in &set {
            // Only the main thread exists yet (this runs first in `run`), so nothing can be
            // reading the environment while it changes.
            std::env::set_var(name, value);
        }
        (decision.summary, set.into_iter().map(|(name, _)| name).collect())
    } else {
        ("the system's web view default".to_owned(), Vec::new())
    };
    eprintln!("failup: rendering: {summary}");
    let _ = SUMMARY.set(summary);
    let _ = SET_BY_APP.set(set);
}

/// Keeps the variables set for WebKit out of a program the app starts (the file manager), so
/// that another web view there runs as its own settings say.
pub fn keep_out_of(command: &mut std::process::Command) -> &mut std::process::Command {
    for name in SET_BY_APP.get().into_iter().flatten() {
        command.env_remove(name);
    }
    command
}

/// What About says of the rendering path.
pub fn summary() -> String {
    SUMMARY.get().cloned().unwrap_or_else(|| "not chosen (the app was built into a test)".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gpu() -> Detected {
        Detected { gpu_render_node: true, ..Detected::default() }
    }

    #[test]
    fn a_working_gpu_keeps_webkits_default() {
        let decision = decide(&gpu());
        assert!(decision.set.is_empty());
        assert_eq!(decision.summary, "GPU, WebKit's default");
    }

    #[test]
    fn without_a_gpu_the_dmabuf_renderer_is_off() {
        let decision = decide(&Detected::default());
        assert_eq!(decision.set, [(DISABLE_DMABUF, "1")]);
        assert_eq!(decision.summary, "software, DMA-BUF off");
        let forced = Detected { software_forced: true, ..gpu() };
        assert_eq!(decide(&forced).set, [(DISABLE_DMABUF, "1")], "Mesa told to render in software");
    }

    #[test]
    fn nvidias_proprietary_driver_gets_the_lighter_path_even_with_a_gpu() {
        let decision = decide(&Detected { nvidia_proprietary: true, ..gpu() });
        assert_eq!(decision.set, [(DISABLE_DMABUF, "1")]);
        assert_eq!(decision.summary, "NVIDIA proprietary driver, DMA-BUF off");
    }

    #[test]
    fn scripts_run_without_the_optimising_compiler_unless_the_user_chose() {
        assert_eq!(script_engine(None), [("JSC_useDFGJIT", "false")]);
        assert!(script_engine(Some("true")).is_empty(), "the user's value is left alone");
    }

    #[test]
    fn a_variable_the_user_set_always_wins() {
        let user_choice = Some(("WEBKIT_DISABLE_DMABUF_RENDERER".to_owned(), "0".to_owned()));
        for detected in [Detected::default(), Detected { nvidia_proprietary: true, ..gpu() }, gpu()] {
            let decision = decide(&Detected { user_choice: user_choice.clone(), ..detected });
            assert!(decision.set.is_empty(), "nothing is overridden");
            assert_eq!(decision.summary, "as you set it (WEBKIT_DISABLE_DMABUF_RENDERER=0)");
        }
    }
}
