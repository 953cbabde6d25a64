// The exclusion zone map: shows a person's zones and located addresses, lets the user draw a zone
// (polygon, rectangle or circle, with leaflet-geoman) or pick an address's location by clicking.
// Loaded after leaflet.js and leaflet-geoman.min.js (globals). Everything it needs comes from the
// element's data- attributes; what the user draws is written into ordinary form fields, so the
// page works the same without JavaScript (the fields can be typed in) and the server checks it all.
/* global L */

const COLOURS = { exclusion: '#d4351c', protected: '#1d70b8', address: '#00703c', flagged: '#d4351c' }
const UK = { centre: [54.5, -2.5], zoom: 6 }

function field (id) {
  return id ? document.getElementById(id) : null
}

function setValue (id, value) {
  const input = field(id)
  if (input) {
    input.value = value
    input.dispatchEvent(new Event('input', { bubbles: true }))
  }
}

function chooseRadio (name, value) {
  const radio = document.querySelector(`input[type=radio][name="${name}"][value="${value}"]`)
  if (radio) radio.checked = true
}

// Labels are typed by people (a zone's name, an address): Leaflet puts a string into the page as HTML,
// so a label is always given to it as an element holding text.
function textLabel (text) {
  const label = document.createElement('span')
  label.textContent = String(text)
  return label
}

function featureLayer (feature) {
  const props = feature.properties || {}
  const geometry = feature.geometry || {}
  const colour = props.kind === 'address' ? (props.result && props.result !== 'clear' ? COLOURS.flagged : COLOURS.address)
    : (COLOURS[props.kind] || COLOURS.exclusion)
  let layer
  if (geometry.type === 'Point') {
    const [lon, lat] = geometry.coordinates
    layer = props.radius
      ? L.circle([lat, lon], { radius: props.radius, color: colour, weight: 2, fillOpacity: 0.15 })
      : L.circleMarker([lat, lon], { radius: 7, color: '#ffffff', weight: 2, fillColor: colour, fillOpacity: 1 })
  } else {
    layer = L.geoJSON(geometry, { style: { color: colour, weight: 2, fillOpacity: 0.15 } })
  }
  if (props.label) layer.bindTooltip(textLabel(props.label))
  return layer
}

function drawnGeoJSON (layer) {
  if (layer instanceof L.Circle) {
    const c = layer.getLatLng()
    return {
      type: 'Feature',
      properties: { radius: Math.round(layer.getRadius()) },
      geometry: { type: 'Point', coordinates: [round(c.lng), round(c.lat)] }
    }
  }
  const geometry = layer.toGeoJSON().geometry
  geometry.coordinates = geometry.coordinates.map((ring) => ring.map(([lon, lat]) => [round(lon), round(lat)]))
  return geometry
}

function round (n) {
  return Math.round(n * 1e6) / 1e6
}

// The shapes are drawings of what the page lists as text beside the map: they are not tab stops, and a
// screen reader is not given a run of unnamed graphics.
function quiet (layer) {
  const shape = layer.getElement && layer.getElement()
  if (shape && shape.tagName.toLowerCase() === 'path') {
    shape.setAttribute('tabindex', '-1')
    shape.setAttribute('aria-hidden', 'true')
  }
}

// geoman's tool buttons carry their name on the container's title only, and its Finish and Cancel
// actions are links without an address, which the keyboard cannot reach: name them and make them buttons.
function nameControls (element) {
  element.querySelectorAll('.button-container[title] > .leaflet-buttons-control-button').forEach((button) => {
    button.setAttribute('aria-label', button.parentElement.getAttribute('title'))
    button.setAttribute('role', 'button')
  })
  element.querySelectorAll('a.leaflet-pm-action').forEach((action) => {
    if (action.dataset.appNamed) return
    action.dataset.appNamed = 'true'
    action.setAttribute('role', 'button')
    action.setAttribute('tabindex', '0')
    action.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault()
        action.click()
      }
    })
  })
}

function start (element) {
  const data = element.dataset
  element.replaceChildren()
  element.classList.add('app-map--live')
  // The map is one named stop for the keyboard (arrow keys move it, + and - zoom), then its buttons.
  element.setAttribute('role', 'region')
  element.setAttribute('aria-label', data.label || 'Map')
  const map = L.map(element, { zoomSnap: 0.5 })
  map.on('layeradd', (event) => quiet(event.layer))
  if (data.tiles) {
    L.tileLayer(data.tiles, { maxZoom: 19, attribution: data.attribution || '' }).addTo(map)
  } else {
    element.classList.add('app-map--no-tiles')
  }
  L.control.scale({ imperial: false }).addTo(map)

  const shown = L.featureGroup().addTo(map)
  let features = []
  try {
    features = JSON.parse(data.features || '{}').features || []
  } catch (error) {
    console.log('Map data could not be read', error)
  }
  // Circles have no bounds until the map has a view, so the bounds are worked out from the data.
  const bounds = L.latLngBounds([])
  features.forEach((f) => {
    const layer = featureLayer(f)
    shown.addLayer(layer)
    if (layer instanceof L.Circle) {
      bounds.extend(layer.getLatLng().toBounds(layer.getRadius() * 2))
    } else if (layer.getBounds) {
      bounds.extend(layer.getBounds())
    } else {
      bounds.extend(layer.getLatLng())
    }
  })
  if (bounds.isValid()) {
    map.fitBounds(bounds.pad(0.3), { maxZoom: 16 })
  } else if (data.centre) {
    map.setView(data.centre.split(',').map(Number), 14)
  } else {
    map.setView(UK.centre, UK.zoom)
  }

  if (data.mode === 'draw' && map.pm) {
    map.pm.setGlobalOptions({ allowSelfIntersection: false })
    map.pm.addControls({
      position: 'topleft',
      drawMarker: false,
      drawCircleMarker: false,
      drawPolyline: false,
      drawText: false,
      cutPolygon: false,
      rotateMode: false,
      dragMode: false
    })
    nameControls(element)
    map.on('pm:drawstart pm:globaleditmodetoggled pm:globalremovalmodetoggled', () => nameControls(element))
    let drawn = null
    const write = (layer) => {
      const json = drawnGeoJSON(layer)
      setValue(data.geojsonField, JSON.stringify(json))
      if (json.properties && json.properties.radius) setValue(data.radiusField, json.properties.radius)
      chooseRadio(data.shapeRadio || 'shape', 'geojson')
    }
    map.on('pm:create', ({ layer }) => {
      if (drawn) map.removeLayer(drawn)
      drawn = layer
      write(layer)
      layer.on('pm:edit', () => write(layer))
    })
    map.on('pm:remove', ({ layer }) => {
      if (layer === drawn) {
        drawn = null
        setValue(data.geojsonField, '')
      }
    })
  }

  if (data.mode === 'pick') {
    let marker = null
    map.on('click', (event) => {
      const { lat, lng } = event.latlng
      if (marker) marker.remove()
      marker = L.circleMarker([lat, lng], { radius: 8, color: '#ffffff', weight: 2, fillColor: '#0b0c0c', fillOpacity: 1 }).addTo(map)
      setValue(data.latField, round(lat))
      setValue(data.lonField, round(lng))
      setValue(data.pickedField, 'True')
    })
  }
  element.mappaMap = map
}

document.querySelectorAll('[data-app-map]').forEach((element) => {
  try {
    start(element)
  } catch (error) {
    console.log('The map could not start; type the shape or coordinates instead.', error)
  }
})
