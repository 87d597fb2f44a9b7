// Runs before the Reflex bundle (inlined in <head>).
(function () {
  "use strict";

  // Move focus to an element as soon as React has rendered it; bounded to about one second.
  window.almaFocus = function (id) {
    var tries = 0;
    function attempt() {
      var el = document.getElementById(id);
      if (el) {
        el.focus();
      } else if (tries++ < 60) {
        window.requestAnimationFrame(attempt);
      }
    }
    attempt();
  };

  // Error summary links (GOV.UK pattern): focus the field itself, not just scroll to it.
  // Capture phase: before the router turns the link into a navigation.
  document.addEventListener(
    "click",
    function (event) {
      // The router renders "#field-x" as "/#field-x": read the link's hash.
      var link = event.target.closest && event.target.closest(".error-summary a");
      var field = link && link.hash && document.getElementById(link.hash.slice(1));
      if (field) {
        event.preventDefault();
        event.stopPropagation();
        field.focus();
        field.scrollIntoView({ block: "center" });
      }
    },
    true
  );
})();
