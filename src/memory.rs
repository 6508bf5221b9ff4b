//! Peak memory of this process, as the operating system reports it.

/// Peak resident set size in bytes (Linux: `VmHWM` of /proc/self/status), if known.
pub fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

#[cfg(test)]
mod tests {
    #[test]
    #[cfg(target_os = "linux")]
    fn peak_rss_is_read_on_linux() {
        assert!(super::peak_rss_bytes().unwrap() > 1024 * 1024);
    }
}
