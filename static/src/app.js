// Progressive enhancements. Every form works without any of this.
import { initAll } from './govuk-frontend.min.js'

initAll()

// A fresh idempotency key for the static form, so a double-clicked submit stores one report.
const keyInput = document.querySelector('input[name="idempotency_key"]')
if (keyInput && !keyInput.value && window.crypto?.randomUUID) {
  keyInput.value = window.crypto.randomUUID()
}

// The map: the council's wards drawn from /api/v1/wards; a click or tap places a pin and
// chooses the ward. An address and a ward remain a complete alternative.
const mapContainer = document.getElementById('map')
if (mapContainer) {
  // A real map (Leaflet, the council's tiles) if it loads; if the tiles cannot be reached,
  // the wards' outlines drawn here instead; if neither, the address and ward fields.
  const slippy = window.L && mapContainer.dataset.tiles
    ? drawSlippyMap(mapContainer)
    : Promise.reject(new Error('no slippy map'))
  slippy
    .catch(() => drawMap(mapContainer))
    .catch(() => {
      // No map (offline, old browser): the address and ward fields are still there.
    })
}

// A ward's name as the form's own list gives it, in the page's language (the wards' JSON
// names them in the council's first).
function wardName (ward) {
  const option = document.querySelector(`#ward option[value="${ward.id}"]`)
  return option ? option.textContent : ward.name
}

// A case's place on its page (officers: the pin; councillors: the pin with consent, or a
// circle round the coarse location). Without tiles the page's words say where it is.
const caseMap = document.getElementById('case-map')
if (caseMap && window.L && caseMap.dataset.tiles) {
  const L = window.L
  const at = [Number(caseMap.dataset.lat), Number(caseMap.dataset.lng)]
  const label = document.createElement('h2')
  label.className = 'govuk-heading-s'
  label.textContent = caseMap.dataset.label
  const box = document.createElement('div')
  box.className = 'wl-map__slippy'
  caseMap.append(label, box)
  const map = L.map(box, { scrollWheelZoom: false }).setView(at, 16)
  const tiles = L.tileLayer(caseMap.dataset.tiles, {
    attribution: caseMap.dataset.attribution,
    maxZoom: Number(caseMap.dataset.maxZoom) || 19
  })
  let loaded = false
  tiles.on('tileload', () => { loaded = true })
  tiles.on('tileerror', () => {
    if (!loaded) {
      loaded = true
      map.remove()
      box.remove()
      label.remove()
    }
  })
  tiles.addTo(map)
  if (caseMap.dataset.radius) {
    L.circle(at, { radius: Number(caseMap.dataset.radius), color: '#1d70b8' }).addTo(map)
  } else {
    L.circleMarker(at, { radius: 8, color: '#d4351c', weight: 3, fillOpacity: 0.6 }).addTo(map)
  }
  caseMap.dataset.map = 'slippy'
}

/// Whether [lng, lat] is inside a ward's MultiPolygon (even-odd ray casting, as the server).
function inside (boundary, [x, y]) {
  return boundary.some((polygon) => {
    const hits = (ring) => {
      let yes = false
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i]
        const [xj, yj] = ring[j]
        if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) yes = !yes
      }
      return yes
    }
    const [outer, ...holes] = polygon
    return hits(outer) && !holes.some(hits)
  })
}

async function drawSlippyMap (container) {
  const response = await fetch('/api/v1/wards')
  if (!response.ok) throw new Error('no wards')
  const { wards } = await response.json()
  const L = window.L
  const lat = document.getElementById('lat')
  const lng = document.getElementById('lng')
  const wardSelect = document.getElementById('ward')

  const label = document.createElement('p')
  label.className = 'govuk-label govuk-label--s'
  label.id = 'map-label'
  label.textContent = container.dataset.label
  const hint = document.createElement('div')
  hint.className = 'govuk-hint'
  hint.id = 'map-hint'
  hint.textContent = container.dataset.hint
  const box = document.createElement('div')
  box.className = 'wl-map__slippy'
  box.setAttribute('aria-labelledby', 'map-label')
  box.setAttribute('aria-describedby', 'map-hint')
  const status = document.createElement('p')
  status.className = 'govuk-body govuk-!-margin-top-2'
  status.setAttribute('aria-live', 'polite')
  const clear = document.createElement('button')
  clear.type = 'button'
  clear.className = 'govuk-button govuk-button--secondary govuk-!-margin-bottom-0'
  clear.textContent = container.dataset.remove
  clear.hidden = true
  const parts = [label, hint, box, status, clear]
  container.prepend(...parts)

  const map = L.map(box, { scrollWheelZoom: false })
  const tiles = L.tileLayer(container.dataset.tiles, {
    attribution: container.dataset.attribution,
    maxZoom: Number(container.dataset.maxZoom) || 19
  })
  const outlines = L.geoJSON({
    type: 'FeatureCollection',
    features: wards.map((w) => ({
      type: 'Feature',
      properties: { id: w.id, name: w.name },
      geometry: { type: 'MultiPolygon', coordinates: w.boundary }
    }))
  }, { style: { color: '#1d70b8', weight: 2, fillOpacity: 0.05 } })
  let pin = null

  const place = (latlng) => {
    const ward = wards.find((w) => inside(w.boundary, [latlng.lng, latlng.lat])) || null
    if (pin) pin.setLatLng(latlng)
    else pin = L.circleMarker(latlng, { radius: 8, color: '#d4351c', weight: 3, fillOpacity: 0.6 }).addTo(map)
    lat.value = latlng.lat.toFixed(6)
    lng.value = latlng.lng.toFixed(6)
    if (ward && wardSelect) wardSelect.value = ward.id
    status.textContent = ward ? container.dataset.placedIn.replace('{ward}', wardName(ward)) : container.dataset.outside
    clear.hidden = false
  }
  clear.addEventListener('click', () => {
    lat.value = ''
    lng.value = ''
    if (pin) pin.remove()
    pin = null
    status.textContent = container.dataset.removed
    clear.hidden = true
  })

  // The tiles decide: the first one loaded keeps this map; if the first fails, it goes and
  // the outline map takes its place.
  await new Promise((resolve, reject) => {
    let loaded = false
    tiles.on('tileload', () => {
      if (!loaded) {
        loaded = true
        resolve()
      }
    })
    tiles.on('tileerror', () => {
      if (!loaded) {
        loaded = true
        map.remove()
        for (const p of parts) p.remove()
        reject(new Error('tiles did not load'))
      }
    })
    tiles.addTo(map)
    outlines.addTo(map)
    map.fitBounds(outlines.getBounds())
  })
  map.on('click', (event) => place(event.latlng))
  container.dataset.map = 'slippy'
  // For the browser tests: where a place is on screen.
  container.wlMap = map
  if (lat.value && lng.value) place(L.latLng(Number(lat.value), Number(lng.value)))
}

async function drawMap (container) {
  const response = await fetch('/api/v1/wards')
  if (!response.ok) return
  const { wards } = await response.json()
  const lat = document.getElementById('lat')
  const lng = document.getElementById('lng')
  const wardSelect = document.getElementById('ward')

  const points = wards.flatMap((w) => w.boundary.flat(2))
  const minX = Math.min(...points.map((p) => p[0]))
  const maxX = Math.max(...points.map((p) => p[0]))
  const minY = Math.min(...points.map((p) => p[1]))
  const maxY = Math.max(...points.map((p) => p[1]))
  // Equirectangular: good enough across a town.
  const k = Math.cos(((minY + maxY) / 2) * Math.PI / 180)
  const toSvg = ([x, y]) => [(x - minX) * k, maxY - y]
  const fromSvg = (sx, sy) => [sx / k + minX, maxY - sy]
  const width = (maxX - minX) * k
  const height = maxY - minY

  const ns = 'http://www.w3.org/2000/svg'
  const label = document.createElement('p')
  label.className = 'govuk-label govuk-label--s'
  label.id = 'map-label'
  label.textContent = container.dataset.label
  const hint = document.createElement('div')
  hint.className = 'govuk-hint'
  hint.id = 'map-hint'
  hint.textContent = container.dataset.hint
  const svg = document.createElementNS(ns, 'svg')
  svg.setAttribute('class', 'wl-map__svg')
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`)
  svg.setAttribute('role', 'img')
  svg.setAttribute('aria-labelledby', 'map-label')
  svg.setAttribute('aria-describedby', 'map-hint')

  const shapes = new Map()
  for (const ward of wards) {
    for (const polygon of ward.boundary) {
      const path = document.createElementNS(ns, 'path')
      path.setAttribute('d', polygon.map((ring) => 'M' + ring.map(toSvg).map((p) => p.join(',')).join('L') + 'Z').join(''))
      path.setAttribute('class', 'wl-map__ward')
      path.dataset.ward = ward.id
      svg.appendChild(path)
      shapes.set(path, ward)
    }
    const ring = ward.boundary[0][0]
    const [cx, cy] = toSvg([ring.reduce((a, p) => a + p[0], 0) / ring.length, ring.reduce((a, p) => a + p[1], 0) / ring.length])
    const text = document.createElementNS(ns, 'text')
    text.setAttribute('x', cx)
    text.setAttribute('y', cy)
    text.setAttribute('text-anchor', 'middle')
    text.setAttribute('class', 'wl-map__label')
    text.textContent = ward.name
    svg.appendChild(text)
  }
  const pin = document.createElementNS(ns, 'circle')
  pin.setAttribute('r', height / 60)
  pin.setAttribute('class', 'wl-map__pin')
  pin.style.display = 'none'
  svg.appendChild(pin)

  const status = document.createElement('p')
  status.className = 'govuk-body govuk-!-margin-top-2'
  status.setAttribute('aria-live', 'polite')
  const clear = document.createElement('button')
  clear.type = 'button'
  clear.className = 'govuk-button govuk-button--secondary govuk-!-margin-bottom-0'
  clear.textContent = container.dataset.remove
  clear.hidden = true

  const place = (x, y, ward) => {
    const [sx, sy] = toSvg([x, y])
    pin.setAttribute('cx', sx)
    pin.setAttribute('cy', sy)
    pin.style.display = ''
    lat.value = y.toFixed(6)
    lng.value = x.toFixed(6)
    for (const [path, w] of shapes) path.classList.toggle('wl-map__ward--chosen', w === ward)
    if (ward && wardSelect) wardSelect.value = ward.id
    status.textContent = ward ? container.dataset.placedIn.replace('{ward}', wardName(ward)) : container.dataset.placed
    clear.hidden = false
  }

  svg.addEventListener('click', (event) => {
    const pt = svg.createSVGPoint()
    pt.x = event.clientX
    pt.y = event.clientY
    const local = pt.matrixTransform(svg.getScreenCTM().inverse())
    const target = event.target.closest('path')
    const [x, y] = fromSvg(local.x, local.y)
    place(x, y, target ? shapes.get(target) : null)
  })
  clear.addEventListener('click', () => {
    lat.value = ''
    lng.value = ''
    pin.style.display = 'none'
    for (const path of shapes.keys()) path.classList.remove('wl-map__ward--chosen')
    status.textContent = container.dataset.removed
    clear.hidden = true
  })

  container.prepend(label, hint, svg, status, clear)
  if (lat.value && lng.value) {
    const x = Number(lng.value)
    const y = Number(lat.value)
    const ward = wards.find((w) => w.id === wardSelect?.value) || null
    place(x, y, ward)
  }
}

// Photos: uploaded while the resident fills in the rest, straight to where they are kept
// (S3 on AWS), so a large phone photo never has to fit in the report's own post. The report
// then names them by their upload ids. If anything goes wrong the files stay in the form
// and go with it, as they do without JavaScript, and the server explains any problem.
const photoInput = document.getElementById('photos')
if (photoInput && photoInput.form && window.fetch && window.FormData) {
  const form = photoInput.form
  const status = document.createElement('p')
  status.className = 'govuk-body wl-photos-status'
  status.setAttribute('aria-live', 'polite')
  photoInput.after(status)
  let pending = null
  // Each choice of files counts; an upload from an earlier choice that finishes late is
  // not added to the form.
  let choice = 0

  const upload = async (file) => {
    if (!file.type.startsWith('image/')) throw new Error('not an image')
    const asked = await fetch('/api/v1/photo-uploads', { method: 'POST' })
    if (!asked.ok) throw new Error('no upload form')
    const slot = await asked.json()
    if (file.size > slot.max_bytes) throw new Error('too big')
    const body = new FormData()
    for (const [name, value] of slot.fields) body.append(name, value)
    body.append('Content-Type', file.type)
    body.append('file', file)
    const sent = await fetch(slot.url, { method: 'POST', body })
    if (!sent.ok) throw new Error('upload refused')
    return slot.id
  }

  photoInput.addEventListener('change', () => {
    for (const old of form.querySelectorAll('input[name="photo_upload"]')) old.remove()
    photoInput.name = 'photos'
    const files = Array.from(photoInput.files)
    if (files.length === 0 || files.length > 3) {
      status.textContent = ''
      pending = null
      choice++
      return
    }
    status.textContent = photoInput.dataset.uploading.replace('{n}', files.length)
    const thisChoice = ++choice
    pending = Promise.all(files.map(upload)).then((ids) => {
      if (thisChoice !== choice) return
      for (const id of ids) {
        const hidden = document.createElement('input')
        hidden.type = 'hidden'
        hidden.name = 'photo_upload'
        hidden.value = id
        form.append(hidden)
      }
      // Uploaded: the files need not travel again with the report.
      photoInput.removeAttribute('name')
      status.textContent = photoInput.dataset.ready
    }, () => {
      if (thisChoice === choice) status.textContent = photoInput.dataset.failed
    })
  })

  // A report sent while its photos are still uploading waits for them.
  form.addEventListener('submit', (event) => {
    if (!pending) return
    event.preventDefault()
    const waiting = pending
    pending = null
    waiting.then(() => form.submit())
  })
}
