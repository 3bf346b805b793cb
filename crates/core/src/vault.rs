//! Encryption at rest: a random database key, wrapped by the user's passphrase.
//!
//! The whole journal file is encrypted by SQLCipher with a random 256-bit key, given to it as a
//! raw key (`x'…'`), so SQLCipher's own key derivation is skipped. That key never touches the
//! disk in clear: the key file (`journal.key`) holds it encrypted with XChaCha20-Poly1305 under
//! a key derived from the passphrase by Argon2id. Hence:
//! - changing the passphrase rewrites one small file, never the journal;
//! - a wrong passphrase is told apart from a damaged journal (the key file's tag fails to verify
//!   before the journal is touched);
//! - there is no recovery without the passphrase, by design.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use argon2::{Algorithm, Argon2, Params, Version};
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::XChaCha20Poly1305;
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};

/// The key file's name, beside the journal.
pub const KEY_FILE_NAME: &str = "journal.key";

/// Argon2id's memory cost, in KiB: 64 MiB, so that guessing passphrases on graphics cards is
/// expensive.
pub const ARGON2_MEMORY_KIB: u32 = 64 * 1024;
/// Argon2id's passes over that memory: 7 passes take about 0.5–0.7 s on a 2-core machine of
/// 2026 in a release build (`cargo xtask bench`, group `unlock`, measured 0.075–0.1 s a pass),
/// slow enough to make guessing expensive and quick enough not to annoy. Stored in each key
/// file, so it can be raised later without breaking older files.
pub const ARGON2_ITERATIONS: u32 = 7;
/// Lanes; two matches the smallest machines the app runs on.
pub const ARGON2_PARALLELISM: u32 = 2;
/// The shortest passphrase accepted.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

const KEY_FILE_FORMAT: &str = "failing-up-key";
/// Bound into the wrapped key's authentication tag, so a key file cannot be confused with
/// anything else encrypted under the same passphrase.
const WRAP_CONTEXT: &[u8] = b"failing-up journal key v1";

/// The random key SQLCipher encrypts the journal with. Wiped from memory when dropped.
pub struct DatabaseKey([u8; 32]);

impl DatabaseKey {
    /// A new key from the operating system's random source.
    pub fn generate() -> Result<Self> {
        let mut bytes = [0u8; 32];
        fill_random(&mut bytes)?;
        Ok(Self(bytes))
    }

    /// The key as SQLCipher's raw-key literal, `x'<64 hex digits>'`, for `PRAGMA key` and
    /// `ATTACH … KEY`.
    pub(crate) fn sqlcipher_literal(&self) -> String {
        format!("x'{}'", hex(&self.0))
    }
}

impl DatabaseKey {
    /// A key for one `purpose` other than the journal file's own encryption (naming and
    /// sealing attached files), derived so that none of them reveals the others.
    pub(crate) fn subkey(&self, purpose: &str) -> [u8; 32] {
        let mut mac = HmacSha256::new(&self.0);
        mac.update(purpose.as_bytes());
        mac.finish()
    }
}

/// HMAC-SHA-256 (RFC 2104) over input given in pieces, with a 32-byte key.
pub(crate) struct HmacSha256 {
    inner: sha2::Sha256,
    outer_pad: [u8; 64],
}

impl HmacSha256 {
    pub(crate) fn new(key: &[u8; 32]) -> Self {
        use sha2::Digest;
        let mut inner_pad = [0x36u8; 64];
        let mut outer_pad = [0x5cu8; 64];
        for (index, byte) in key.iter().enumerate() {
            inner_pad[index] ^= byte;
            outer_pad[index] ^= byte;
        }
        let mut inner = sha2::Sha256::new();
        inner.update(inner_pad);
        inner_pad.iter_mut().for_each(|byte| *byte = 0);
        Self { inner, outer_pad }
    }

    pub(crate) fn update(&mut self, bytes: &[u8]) {
        sha2::Digest::update(&mut self.inner, bytes);
    }

    pub(crate) fn finish(mut self) -> [u8; 32] {
        use sha2::Digest;
        let inner = std::mem::take(&mut self.inner).finalize();
        let mut outer = sha2::Sha256::new();
        outer.update(self.outer_pad);
        outer.update(inner);
        self.outer_pad.iter_mut().for_each(|byte| *byte = 0);
        outer.finalize().into()
    }
}

impl DatabaseKey {
    /// The key in hex, for tests that hand it to a child process. Never written to disk.
    #[doc(hidden)]
    pub fn to_hex(&self) -> String {
        hex(&self.0)
    }

    /// A key from 64 hex digits (see [`DatabaseKey::to_hex`]).
    #[doc(hidden)]
    pub fn from_hex(hex: &str) -> Option<Self> {
        if hex.len() != 64 {
            return None;
        }
        let mut bytes = [0u8; 32];
        for (index, byte) in bytes.iter_mut().enumerate() {
            *byte = u8::from_str_radix(hex.get(index * 2..index * 2 + 2)?, 16).ok()?;
        }
        Some(Self(bytes))
    }
}

impl Clone for DatabaseKey {
    fn clone(&self) -> Self {
        Self(self.0)
    }
}

impl Drop for DatabaseKey {
    fn drop(&mut self) {
        for byte in self.0.iter_mut() {
            // A volatile write, so that the compiler cannot drop the wipe as a dead store.
            unsafe { std::ptr::write_volatile(byte, 0) };
        }
    }
}

impl std::fmt::Debug for DatabaseKey {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("DatabaseKey(…)")
    }
}

/// The key file: the database key wrapped by the passphrase, and how to unwrap it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyFile {
    format: String,
    version: u32,
    /// A random name for the database key, the same in every file that wraps it (the
    /// journal's and its backups'), so that a backup made with the journal's current key is
    /// recognised without asking for a passphrase.
    pub key_id: String,
    kdf: KdfParams,
    /// XChaCha20-Poly1305 nonce (24 bytes), base64.
    nonce: String,
    /// The wrapped database key with its authentication tag, base64.
    wrapped_key: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct KdfParams {
    algorithm: String,
    memory_kib: u32,
    iterations: u32,
    parallelism: u32,
    /// 16 random bytes, base64.
    salt: String,
}

/// A key derived from a passphrase, ready to wrap keys: deriving costs about half a second,
/// so several files are wrapped with one derivation (same salt, fresh nonces).
pub struct PassphraseKey {
    kdf: KdfParams,
    key: [u8; 32],
}

impl Drop for PassphraseKey {
    fn drop(&mut self) {
        for byte in self.key.iter_mut() {
            unsafe { std::ptr::write_volatile(byte, 0) };
        }
    }
}

impl PassphraseKey {
    /// Derives a wrapping key from a new passphrase, with a new salt. Refuses a passphrase
    /// shorter than [`MIN_PASSPHRASE_CHARS`].
    pub fn derive_new(passphrase: &str) -> Result<Self> {
        if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
            return Err(CoreError::InvalidInput(format!(
                "A passphrase needs at least {MIN_PASSPHRASE_CHARS} characters; a few words are easier to remember \
                 and harder to guess."
            )));
        }
        let mut salt = [0u8; 16];
        fill_random(&mut salt)?;
        let kdf = KdfParams {
            algorithm: "argon2id".to_owned(),
            memory_kib: ARGON2_MEMORY_KIB,
            iterations: ARGON2_ITERATIONS,
            parallelism: ARGON2_PARALLELISM,
            salt: BASE64.encode(salt),
        };
        Self::derive(passphrase, kdf)
    }

    fn derive(passphrase: &str, kdf: KdfParams) -> Result<Self> {
        if kdf.algorithm != "argon2id" {
            return Err(damaged_key_file(format!("it uses an unknown key derivation, “{}”", kdf.algorithm)));
        }
        let salt = BASE64.decode(&kdf.salt).map_err(|_| damaged_key_file("its salt is not base64".to_owned()))?;
        let params = Params::new(kdf.memory_kib, kdf.iterations, kdf.parallelism, Some(32))
            .map_err(|error| damaged_key_file(format!("its key derivation settings are invalid ({error})")))?;
        let mut key = [0u8; 32];
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password_into(passphrase.as_bytes(), &salt, &mut key)
            .map_err(|error| damaged_key_file(format!("its key derivation failed ({error})")))?;
        Ok(Self { kdf, key })
    }

    /// Wraps `database_key` (named `key_id`) into a key file.
    pub fn wrap(&self, database_key: &DatabaseKey, key_id: &str) -> Result<KeyFile> {
        let mut nonce = [0u8; 24];
        fill_random(&mut nonce)?;
        let cipher = XChaCha20Poly1305::new_from_slice(&self.key).expect("a 32-byte key");
        let wrapped = cipher
            .encrypt(&nonce.into(), Payload { msg: &database_key.0, aad: &aad(key_id) })
            .map_err(|_| CoreError::InvalidInput("The journal key could not be encrypted.".to_owned()))?;
        Ok(KeyFile {
            format: KEY_FILE_FORMAT.to_owned(),
            version: 1,
            key_id: key_id.to_owned(),
            kdf: self.kdf.clone(),
            nonce: BASE64.encode(nonce),
            wrapped_key: BASE64.encode(wrapped),
        })
    }
}

impl KeyFile {
    /// Wraps a new random database key under `passphrase`.
    pub fn create(passphrase: &str) -> Result<(Self, DatabaseKey)> {
        let key = DatabaseKey::generate()?;
        let key_id = random_hex(8)?;
        let file = PassphraseKey::derive_new(passphrase)?.wrap(&key, &key_id)?;
        Ok((file, key))
    }

    /// Unwraps the database key; a wrong passphrase is [`CoreError::WrongPassphrase`].
    pub fn unwrap_key(&self, passphrase: &str) -> Result<DatabaseKey> {
        let wrapping = PassphraseKey::derive(passphrase, self.kdf.clone())?;
        let nonce: [u8; 24] = BASE64
            .decode(&self.nonce)
            .ok()
            .and_then(|bytes| bytes.try_into().ok())
            .ok_or_else(|| damaged_key_file("its nonce is not 24 bytes of base64".to_owned()))?;
        let wrapped = BASE64
            .decode(&self.wrapped_key)
            .map_err(|_| damaged_key_file("its wrapped key is not base64".to_owned()))?;
        let cipher = XChaCha20Poly1305::new_from_slice(&wrapping.key).expect("a 32-byte key");
        let mut plain = cipher
            .decrypt(&nonce.into(), Payload { msg: &wrapped, aad: &aad(&self.key_id) })
            .map_err(|_| CoreError::WrongPassphrase)?;
        let key: [u8; 32] = plain
            .as_slice()
            .try_into()
            .map_err(|_| damaged_key_file("its wrapped key has the wrong length".to_owned()))?;
        plain.iter_mut().for_each(|byte| *byte = 0);
        Ok(DatabaseKey(key))
    }

    /// Reads a key file, or `None` if there is none at `path`.
    pub fn read(path: &Path) -> Result<Option<Self>> {
        let bytes = match fs::read(path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(CoreError::Io { action: "read the key file", path: path.to_owned(), source }),
        };
        let file: KeyFile = serde_json::from_slice(&bytes)
            .map_err(|error| damaged_key_file(format!("{} is not a readable key file ({error})", path.display())))?;
        if file.format != KEY_FILE_FORMAT {
            return Err(damaged_key_file(format!("{} is not a Failing Up key file", path.display())));
        }
        if file.version > 1 {
            return Err(CoreError::InvalidInput(format!(
                "The key file {} was written by a newer version of Failing Up (version {}). Update Failing Up to \
                 open this journal.",
                path.display(),
                file.version
            )));
        }
        Ok(Some(file))
    }

    /// Writes the key file atomically: a crash leaves either the old file or the new one.
    pub fn write(&self, path: &Path) -> Result<()> {
        let json = serde_json::to_vec_pretty(self).expect("a key file serialises");
        write_file_atomically(path, &json)
    }
}

fn aad(key_id: &str) -> Vec<u8> {
    let mut aad = WRAP_CONTEXT.to_vec();
    aad.push(0);
    aad.extend_from_slice(key_id.as_bytes());
    aad
}

fn damaged_key_file(reason: String) -> CoreError {
    CoreError::InvalidInput(format!("The journal's key file cannot be used: {reason}."))
}

/// `bytes` as lower-case hex digits, two per byte.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// `len` random bytes from the operating system, as hex digits: names and identities that
/// must not repeat.
pub(crate) fn random_hex(len: usize) -> Result<String> {
    let mut bytes = vec![0u8; len];
    fill_random(&mut bytes)?;
    Ok(hex(&bytes))
}

pub(crate) fn fill_random(bytes: &mut [u8]) -> Result<()> {
    getrandom::fill(bytes).map_err(|error| CoreError::Io {
        action: "get random bytes from the operating system",
        path: PathBuf::new(),
        source: std::io::Error::other(error.to_string()),
    })
}

/// Writes `bytes` to a temporary file in `path`'s folder, flushes it, renames it over `path`
/// and flushes the folder, so that after a crash `path` holds either all of the old contents
/// or all of the new. The file is readable by its owner only.
pub(crate) fn write_file_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let io = |action: &'static str| move |source| CoreError::Io { action, path: path.to_owned(), source };
    let folder = path.parent().unwrap_or(Path::new("."));
    let staged = staged_path(path);
    {
        let mut options = fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&staged).map_err(io("write a file"))?;
        file.write_all(bytes).map_err(io("write a file"))?;
        file.sync_all().map_err(io("flush a file to disk"))?;
    }
    fs::rename(&staged, path).map_err(io("replace a file"))?;
    sync_folder(folder)
}

/// The temporary name a file is written under before it replaces `path`.
pub(crate) fn staged_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_owned();
    name.push(".staged");
    path.with_file_name(name)
}

/// Flushes a folder's entries (renames, new files) to disk. A no-op where folders cannot be
/// opened as files (Windows), where renames are durable by other means.
pub(crate) fn sync_folder(folder: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        let folder = if folder.as_os_str().is_empty() { Path::new(".") } else { folder };
        fs::File::open(folder).and_then(|handle| handle.sync_all()).map_err(|source| CoreError::Io {
            action: "flush the data folder to disk",
            path: folder.to_owned(),
            source,
        })?;
    }
    #[cfg(not(unix))]
    let _ = folder;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_sha256_matches_an_independent_implementation() {
        // Python: hmac.new(bytes(range(32)), b"what do ya want for nothing?", hashlib.sha256)
        let key: [u8; 32] = std::array::from_fn(|index| index as u8);
        let mut mac = HmacSha256::new(&key);
        mac.update(b"what do ya ");
        mac.update(b"want for nothing?");
        assert_eq!(hex(&mac.finish()), "099805f4ac310786968565c098db515cc50862b420ae31e20238312344bed36a");
    }
}
