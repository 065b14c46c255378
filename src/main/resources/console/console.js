// The console works without this file; it only saves a click or a key press.
document.addEventListener('DOMContentLoaded', function () {
  // A filter applies as soon as it is chosen.
  var filter = document.getElementById('filter');
  if (filter && filter.form) {
    filter.addEventListener('change', function () { filter.form.submit(); });
  }
  // An action's outcome is read first by a screen reader and is where the keyboard starts.
  var notice = document.getElementById('notice');
  if (notice) {
    notice.setAttribute('tabindex', '-1');
    notice.focus();
  }
  // An action button cannot be pressed twice while its page loads.
  document.querySelectorAll('form.action').forEach(function (form) {
    form.addEventListener('submit', function () {
      var button = form.querySelector('button');
      if (button) { button.disabled = true; }
    });
  });
});
