// Switches the demo ballot between cities that differ only by their ballot rule (also from the URL hash).
const select = document.getElementById('rule');
const fromHash = () => {
  const wanted = location.hash.slice(1);
  if ([...select.options].some((o) => o.value === wanted)) select.value = wanted;
};
const apply = () => {
  for (const id of ['ballot', 'results']) document.getElementById(id).setAttribute('city', select.value);
  if (location.hash.slice(1) !== select.value) history.replaceState(null, '', `#${select.value}`);
};
select.addEventListener('change', apply);
window.addEventListener('hashchange', () => {
  fromHash();
  apply();
});
fromHash();
apply();
