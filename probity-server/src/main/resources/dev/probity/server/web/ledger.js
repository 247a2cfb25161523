// Checks an entry's inclusion proof in the browser (no inline script: the page's CSP allows only these files).
// Leaf hash SHA-256(0x00 || entry), the RFC 9162 §2.1.3.2 path to the root, the root against the signed checkpoint (C2SP
// tlog-checkpoint), and the checkpoint's Ed25519 signature under the verifier key shown on the page.
(function () {
  const enc = new TextEncoder();

  function b64(s) {
    const bin = atob(s);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  function hex(s) {
    const out = new Uint8Array(s.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = parseInt(s.substr(2 * i, 2), 16);
    return out;
  }
  function concat(...parts) {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) { out.set(p, o); o += p.length; }
    return out;
  }
  function same(a, b) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  async function sha256(b) { return new Uint8Array(await crypto.subtle.digest('SHA-256', b)); }

  // RFC 9162 §2.1.3.2: the root an inclusion proof leads to, or null when the proof has the wrong length
  async function rootFromProof(index, size, leaf, path) {
    let fn = BigInt(index);
    let sn = BigInt(size) - 1n;
    let r = leaf;
    for (const p of path) {
      if (sn === 0n) return null;
      if ((fn & 1n) === 1n || fn === sn) {
        r = await sha256(concat(Uint8Array.of(1), p, r));
        if ((fn & 1n) === 0n) {
          while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
        }
      } else {
        r = await sha256(concat(Uint8Array.of(1), r, p));
      }
      fn >>= 1n;
      sn >>= 1n;
    }
    return sn === 0n ? r : null;
  }

  // a signed note: the text (up to the blank line), and its signature lines "— name base64(keyid ‖ signature)"
  function parseNote(note) {
    const split = note.indexOf('\n\n');
    if (split < 0) throw new Error('the checkpoint is not a signed note');
    const text = note.substring(0, split + 1);
    const lines = text.split('\n');
    const sigs = note.substring(split + 2).split('\n').filter((l) => l.startsWith('\u2014 ')).map((l) => {
      const parts = l.substring(2).split(' ');
      return { name: parts[0], bytes: b64(parts[1]) };
    });
    return { text: text, origin: lines[0], size: lines[1], root: b64(lines[2]), sigs: sigs };
  }

  async function checkSignature(note, vkey) {
    // name+keyid+base64: the name has no '+', the key id is 8 hex digits, and the base64 after them may hold '+'
    const first = vkey.indexOf('+');
    const name = vkey.substring(0, first);
    const keyId = hex(vkey.substring(first + 1, first + 9));
    const key = b64(vkey.substring(first + 10));
    if (key[0] !== 1) return 'the verifier key is not an Ed25519 key';
    const sig = note.sigs.find((s) => s.name === name && same(s.bytes.subarray(0, 4), keyId));
    if (!sig) return 'the checkpoint carries no signature by ' + name;
    let pub;
    try {
      pub = await crypto.subtle.importKey('raw', key.subarray(1), { name: 'Ed25519' }, false, ['verify']);
    } catch (e) {
      // this browser has no Ed25519 in WebCrypto: said in the result, not counted as checked
      return e && e.name === 'NotSupportedError' ? null : 'the verifier key does not read (' + e + ')';
    }
    const ok = await crypto.subtle.verify({ name: 'Ed25519' }, pub, sig.bytes.subarray(4), enc.encode(note.text));
    return ok ? true : 'the checkpoint\'s signature does not hold under ' + name + '\'s key';
  }

  async function verify(index) {
    if (!window.crypto || !crypto.subtle) {
      return { ok: false, text: 'not checked: this page is not a secure context (open it over HTTPS or on localhost)' };
    }
    const res = await fetch('/ui/ledger/entries/' + index, { credentials: 'same-origin' });
    if (!res.ok) return { ok: false, text: 'could not fetch the entry (' + res.status + ')' };
    const e = await res.json();
    const shownKey = document.getElementById('verifier-key').textContent.trim();
    if (e.verifier_key !== shownKey) return { ok: false, text: 'FAILED: the proof came with another verifier key than the page shows' };
    const leaf = await sha256(concat(Uint8Array.of(0), b64(e.entry_base64)));
    if (!same(leaf, hex(e.leaf_hash))) return { ok: false, text: 'FAILED: the entry\'s bytes do not hash to its leaf hash' };
    const note = parseNote(e.checkpoint);
    if (String(e.tree_size) !== note.size) return { ok: false, text: 'FAILED: the proof is for another tree size than the checkpoint' };
    const root = await rootFromProof(e.index, e.tree_size, leaf, e.hashes.map(hex));
    if (!root || !same(root, note.root)) return { ok: false, text: 'FAILED: the proof does not lead to the checkpoint\'s root' };
    const sig = await checkSignature(note, shownKey);
    if (sig === true) return { ok: true, text: 'verified: in the log of ' + note.size + ' entries, checkpoint signed by ' + note.origin };
    if (sig === null) return { ok: true, text: 'proof verified against the checkpoint\'s root; its signature was not checked (this browser lacks Ed25519)' };
    return { ok: false, text: 'FAILED: ' + sig };
  }

  document.querySelectorAll('button.verify').forEach((b) => {
    b.addEventListener('click', async () => {
      const cell = b.parentElement;
      cell.className = 'proof';
      cell.textContent = 'checking…';
      let r;
      try {
        r = await verify(b.dataset.index);
      } catch (err) {
        r = { ok: false, text: 'FAILED: ' + err.message };
      }
      cell.className = 'proof ' + (r.ok ? 'verified' : 'failed');
      cell.textContent = r.text;
    });
  });
}());
