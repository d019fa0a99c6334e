// What a hostile (or just busy) host has done before Qala loads.
window.__hostGlobals = Object.keys(window);
window.__errors = [];
window.addEventListener('error', (e) => window.__errors.push(String(e.message)));
window.addEventListener('unhandledrejection', (e) => window.__errors.push(String(e.reason)));

// 1. One of our tags is already taken by someone else.
customElements.define('qala-proposal-form', class SomeoneElsesForm extends HTMLElement {
  connectedCallback() { this.textContent = 'someone else’s form'; }
});

// 2. Another Lit (2.8) is loaded by host-lit2.js, right after this file.

// 3. The host uses idb-keyval's default store (database "keyval-store", store "keyval") with keys like ours.
window.__hostData = new Promise((resolve, reject) => {
  const open = indexedDB.open('keyval-store');
  open.onupgradeneeded = () => open.result.createObjectStore('keyval');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const db = open.result;
    const tx = db.transaction('keyval', 'readwrite');
    tx.objectStore('keyval').put('host-value', 'qala:v1:aksu:aksu-2026:draft');
    tx.objectStore('keyval').put('host-outbox', 'qala:v1:aksu:aksu-2026:outbox');
    tx.oncomplete = () => { db.close(); resolve(true); };
  };
});
