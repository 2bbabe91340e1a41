//! The process's peak resident memory, the figure every bench runner reports per engine.

/// VmHWM of /proc/<pid>/status in kB, else the kernel's ru_maxrss (also kB on Linux).
pub fn peak_rss_kb() -> u64 {
    if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
        for line in status.lines() {
            if let Some(rest) = line.strip_prefix("VmHWM:") {
                if let Some(kb) = rest.split_whitespace().next().and_then(|v| v.parse().ok()) {
                    return kb;
                }
            }
        }
    }
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    usage.ru_maxrss as u64
}

/// Resets VmHWM (Linux >= 4.0) so the next read is the peak since; false where refused.
pub fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}
