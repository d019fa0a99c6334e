// The host site's language switch: it only changes <html lang>; Qala's widgets follow it.
for (const button of document.querySelectorAll('.lang-switch button')) {
  button.addEventListener('click', () => {
    document.documentElement.lang = button.dataset.lang;
    for (const b of document.querySelectorAll('.lang-switch button')) b.setAttribute('aria-pressed', String(b === button));
  });
}
