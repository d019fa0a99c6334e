// Switches the demo ballot between cities that differ only by their ballot rule.
const select = document.getElementById('rule');
const fromHash = location.hash.slice(1);
if ([...select.options].some((o) => o.value === fromHash)) select.value = fromHash;
const apply = () => {
  for (const id of ['ballot', 'results']) document.getElementById(id).setAttribute('city', select.value);
  history.replaceState(null, '', `#${select.value}`);
};
select.addEventListener('change', apply);
apply();
