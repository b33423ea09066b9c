// Evidence upload (issue 13): progressive enhancement of every <form data-upload="listId">. Photos are
// resized in the browser to at most 2,000 px on the long side (JPEG) unless "keep the original" is
// ticked, a 240 px thumbnail and the photo's EXIF block go along, PDFs go as they are. One file per
// request with a progress bar; on success the server's refreshed file list replaces the old one.
// Without JavaScript the form posts as plain multipart and the server redirects back.
(function () {
  "use strict";
  var MAX_SIDE = 2000;
  var THUMB_SIDE = 240;
  var MAX_BYTES = 10 * 1024 * 1024;

  function canvasBlob(bitmap, side, quality) {
    var scale = Math.min(1, side / Math.max(bitmap.width, bitmap.height));
    var canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    var ctx = canvas.getContext("2d");
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    return new Promise(function (resolve) {
      canvas.toBlob(resolve, "image/jpeg", quality);
    });
  }

  /** The APP1 "Exif" segment of a JPEG (capture time, GPS), which the canvas would drop. */
  function exifOf(file) {
    if (file.type !== "image/jpeg") return Promise.resolve(null);
    return file.slice(0, 131072).arrayBuffer().then(function (buf) {
      var b = new Uint8Array(buf);
      var at = 2;
      if (b[0] !== 0xff || b[1] !== 0xd8) return null;
      while (at + 4 <= b.length && b[at] === 0xff) {
        var marker = b[at + 1];
        var len = (b[at + 2] << 8) | b[at + 3];
        if (marker === 0xda || len < 2) break;
        if (marker === 0xe1 && b[at + 4] === 0x45 && b[at + 5] === 0x78 && b[at + 6] === 0x69 && b[at + 7] === 0x66) {
          return new Blob([b.subarray(at + 4, Math.min(b.length, at + 2 + len))]);
        }
        at += 2 + len;
      }
      return null;
    });
  }

  /** { file, thumb, exif } to send: a resized JPEG and a thumbnail for photos the browser can decode. */
  function prepare(file, keepOriginal) {
    if (!/^image\//.test(file.type) || typeof createImageBitmap !== "function") return Promise.resolve({ file: file, name: file.name });
    return Promise.all([createImageBitmap(file, { imageOrientation: "from-image" }), exifOf(file)])
      .then(function (r) {
        var bitmap = r[0];
        var big = keepOriginal ? Promise.resolve(null) : canvasBlob(bitmap, MAX_SIDE, 0.85);
        return Promise.all([big, canvasBlob(bitmap, THUMB_SIDE, 0.7)]).then(function (blobs) {
          var resized = blobs[0] && blobs[0].size < file.size ? blobs[0] : null;
          var name = resized ? file.name.replace(/\.[^.]*$/, "") + ".jpg" : file.name;
          return { file: resized || file, name: name, thumb: blobs[1], exif: r[1] };
        });
      })
      .catch(function () {
        return { file: file, name: file.name }; // not decodable here (e.g. HEIC): the server decides
      });
  }

  function upload(form) {
    var input = form.querySelector('input[type="file"]');
    var status = form.querySelector(".upload-status");
    var bar = form.querySelector(".upload-progress");
    var button = form.querySelector('button[type="submit"]');
    var say = function (text) {
      status.textContent = text;
    };
    if (!input.files || input.files.length === 0) return say("Vui lòng chọn một tệp để tải lên.");
    var original = input.files[0];
    var keep = form.querySelector('input[name="keepOriginal"]');
    button.disabled = true;
    say(/^image\//.test(original.type) && !(keep && keep.checked) ? "Đang thu nhỏ ảnh…" : "Đang chuẩn bị…");
    prepare(original, keep && keep.checked).then(function (p) {
      if (p.file.size > MAX_BYTES) {
        button.disabled = false;
        return say("Tệp quá lớn: tối đa 10 MB một tệp.");
      }
      var data = new FormData(form);
      data.set("file", p.file, p.name);
      if (p.thumb) data.set("thumb", p.thumb, "thumb.jpg");
      if (p.exif) data.set("exif", p.exif, "exif.bin");
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("X-Upload", "1");
      bar.hidden = false;
      bar.value = 0;
      xhr.upload.onprogress = function (e) {
        if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100);
      };
      xhr.onload = function () {
        button.disabled = false;
        if (xhr.status === 201) {
          bar.value = 100;
          var list = document.getElementById(form.dataset.upload);
          var tpl = document.createElement("template");
          tpl.innerHTML = xhr.responseText;
          if (list && tpl.content.firstElementChild) list.replaceWith(tpl.content.firstElementChild);
          input.value = "";
          say("Đã tải lên " + p.name + " (" + Math.max(1, Math.round(p.file.size / 1024)).toLocaleString("vi-VN") + " KB).");
        } else {
          bar.hidden = true;
          // The server answers upload.js in plain text; anything else (a proxy, the body limit) gets a generic line.
          var plain = /^text\/plain/.test(xhr.getResponseHeader("Content-Type") || "");
          say(plain && xhr.status < 500 ? xhr.responseText : xhr.status === 413 ? "Tệp quá lớn: tối đa 10 MB một tệp." : "Không tải lên được (mã " + xhr.status + "). Vui lòng thử lại.");
        }
      };
      xhr.onerror = function () {
        button.disabled = false;
        bar.hidden = true;
        say("Mất kết nối khi tải lên. Bấm “Tải lên” để gửi lại tệp này.");
      };
      xhr.send(data);
    });
  }

  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.upload || typeof FormData !== "function") return;
    e.preventDefault();
    upload(form);
  });
})();
