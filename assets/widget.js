// Runs before the Reflex bundle (inlined in <head>).
(function () {
  "use strict";
  // Move focus to an element as soon as React has rendered it; bounded to about one second.
  window.almaFocus = function (id) {
    var tries = 0;
    (function attempt() {
      var el = document.getElementById(id);
      if (el) {
        el.focus();
      } else if (tries++ < 60) {
        window.requestAnimationFrame(attempt);
      }
    })();
  };
})();
