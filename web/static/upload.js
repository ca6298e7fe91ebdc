// plantrack: upload progress. A form marked data-upload sends its file
// with XMLHttpRequest so that a large upload shows how far it has got; the
// server answers JSON ({next} or {error}) instead of redirecting. Without
// this script the form still works as a plain multipart POST.
"use strict";
document.addEventListener("submit", function (ev) {
  var form = ev.target;
  if (!form.matches || !form.matches("form[data-upload]")) return;
  var input = form.querySelector("input[type=file]");
  if (!input || !input.files || input.files.length === 0) return; // let the server say what is missing
  ev.preventDefault();
  var bar = form.querySelector(".upload-progress");
  var status = form.querySelector(".upload-status");
  var button = form.querySelector("button[type=submit]");
  var say = function (text) { if (status) status.textContent = text; };
  if (button) button.disabled = true;
  var xhr = new XMLHttpRequest();
  xhr.open("POST", form.action);
  xhr.setRequestHeader("X-Upload", "1");
  xhr.upload.addEventListener("progress", function (e) {
    if (!e.lengthComputable || !bar) return;
    bar.hidden = false;
    bar.value = Math.round((e.loaded / e.total) * 100);
    say((status.dataset.uploading || "") + " " + bar.value + "%");
  });
  xhr.upload.addEventListener("load", function () {
    if (bar) { bar.hidden = false; bar.removeAttribute("value"); } // indeterminate while the server checks
    say(status ? status.dataset.checking || "" : "");
  });
  xhr.addEventListener("load", function () {
    var answer = {};
    try { answer = JSON.parse(xhr.responseText); } catch (e) { answer = { error: xhr.statusText || String(xhr.status) }; }
    if (xhr.status === 200 && answer.next) {
      window.location.assign(answer.next);
      return;
    }
    if (bar) bar.hidden = true;
    if (button) button.disabled = false;
    say(answer.error || String(xhr.status));
  });
  xhr.addEventListener("error", function () {
    if (bar) bar.hidden = true;
    if (button) button.disabled = false;
    say(String(xhr.status || "network error"));
  });
  xhr.send(new FormData(form));
});
