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

/// The variable that turns WebKitGTK's DMA-BUF renderer off.
const DISABLE_DMABUF: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";
/// Variables that choose WebKitGTK's rendering path; one set by the user means they chose.
const USER_CHOICES: &[&str] = &[DISABLE_DMABUF, "WEBKIT_DISABLE_COMPOSITING_MODE", "WEBKIT_FORCE_COMPOSITING_MODE"];

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

/// The decision's summary, once [`apply`] has run.
static SUMMARY: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Decides, sets the chosen variables and logs the decision. Must run before any thread starts
/// and before GTK initialises: the web view reads the variables once, at its start.
pub fn apply() {
    let summary = if cfg!(target_os = "linux") {
        let decision = decide(&detect());
        for (name, value) in &decision.set {
            // Only the main thread exists yet (this runs first in `run`), so nothing can be
            // reading the environment while it changes.
            std::env::set_var(name, value);
        }
        decision.summary
    } else {
        "the system's web view default".to_owned()
    };
    eprintln!("failup: rendering: {summary}");
    let _ = SUMMARY.set(summary);
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
    fn a_variable_the_user_set_always_wins() {
        let user_choice = Some(("WEBKIT_DISABLE_DMABUF_RENDERER".to_owned(), "0".to_owned()));
        for detected in [Detected::default(), Detected { nvidia_proprietary: true, ..gpu() }, gpu()] {
            let decision = decide(&Detected { user_choice: user_choice.clone(), ..detected });
            assert!(decision.set.is_empty(), "nothing is overridden");
            assert_eq!(decision.summary, "as you set it (WEBKIT_DISABLE_DMABUF_RENDERER=0)");
        }
    }
}
