/* tkgraph map layout: where each node of a relationship map goes.
 *
 * Pure computation, no DOM: computeLayout(nodes, edges, foci, previous)
 * returns positions. Deterministic (no randomness), so the same map is
 * always drawn the same way, and an expansion starts from the previous
 * positions so the drawing moves little.
 *
 * Leaves (nodes with a single link, hanging from a hub) are not simulated:
 * a hub with nothing else around it gets them as a star, in label order;
 * any other hub gets them as a list block beside it, one label per line,
 * so 40 parties of an operation read like a list. The other nodes and the
 * blocks are placed by a Fruchterman-Reingold simulation in which a block
 * is tied to its hub; then footprints that still overlap are pushed apart.
 */
(function () {
  "use strict";

  const FAN_RADIUS = 110; // px from a hub to its leaves, at least
  const LEAF_GAP = 17; // px of arc per leaf: one label line
  const LABEL_MAX = 30; // characters shown of a label
  const CHAR = 7; // px per character of a 12 px label, roughly
  const K = 80; // ideal link length of the simulation
  const BLOCK = "\u0000block:"; // ids of list blocks; no node id starts with a NUL

  function labelLength(text) {
    return Math.min(LABEL_MAX, text.length);
  }

  function adjacencyOf(nodes, edges) {
    const adjacency = new Map(nodes.map((n) => [n.id, new Set()]));
    for (const e of edges) {
      if (e.source === e.target || !adjacency.has(e.source) || !adjacency.has(e.target)) continue;
      adjacency.get(e.source).add(e.target);
      adjacency.get(e.target).add(e.source);
    }
    return adjacency;
  }

  // Leaves: one link, not a focus, hanging from a node that is not itself a leaf.
  function findFans(nodes, adjacency, focusSet, label) {
    const hubOf = new Map();
    for (const n of nodes) {
      const nbrs = adjacency.get(n.id);
      if (nbrs.size !== 1 || focusSet.has(n.id)) continue;
      const [hub] = nbrs;
      if (adjacency.get(hub).size > 1 || focusSet.has(hub)) hubOf.set(n.id, hub);
    }
    const fans = new Map();
    for (const [leaf, hub] of hubOf) {
      if (!fans.has(hub)) fans.set(hub, []);
      fans.get(hub).push(leaf);
    }
    for (const leaves of fans.values()) {
      leaves.sort((a, b) => label.get(a).localeCompare(label.get(b)) || a.localeCompare(b));
    }
    return { hubOf, fans };
  }

  function ringsFrom(foci, adjacency) {
    const ring = new Map();
    const queue = foci.filter((f) => adjacency.has(f));
    queue.forEach((f) => ring.set(f, 0));
    for (let i = 0; i < queue.length; i++) {
      for (const other of adjacency.get(queue[i])) {
        if (!ring.has(other)) {
          ring.set(other, ring.get(queue[i]) + 1);
          queue.push(other);
        }
      }
    }
    return ring;
  }

  // Where the simulation starts: the previous drawing, else near a drawn
  // neighbour, else on rings around the foci (golden-angle spread).
  function startPosition(id, i, adjacency, pos, previous, ring) {
    const old = previous.get(id);
    if (old) return { x: old.x, y: old.y };
    const angle = i * 2.39996;
    const placed = [...adjacency.get(id)].find((o) => pos.has(o));
    if (placed) {
      const p = pos.get(placed);
      return { x: p.x + K * Math.cos(angle), y: p.y + K * Math.sin(angle) };
    }
    const r = 160 * (ring.has(id) ? ring.get(id) : 3) + 6 * i;
    return { x: r * Math.cos(angle), y: r * Math.sin(angle) };
  }

  // The rectangle a hub's list of leaves takes: columns of at most 30 lines.
  function blockShape(leaves, label) {
    const longest = leaves.reduce((m, l) => Math.max(m, labelLength(label.get(l))), 0);
    const columns = Math.ceil(leaves.length / 30);
    const rows = Math.ceil(leaves.length / columns);
    const columnWidth = 20 + longest * CHAR + 36; // dot, label, badge
    return { columns, rows, columnWidth, w: columns * columnWidth, h: rows * LEAF_GAP };
  }

  function starShape(leaves, label) {
    const longest = leaves.reduce((m, l) => Math.max(m, labelLength(label.get(l))), 0);
    const radius = Math.max(FAN_RADIUS, (leaves.length * LEAF_GAP) / (2 * Math.PI));
    return { radius, reach: radius + longest * CHAR * 0.8 + 30 };
  }

  function buildItems(core, adjacency, foci, previous, label, shapes) {
    const ring = ringsFrom(foci, adjacency);
    const pos = new Map();
    const items = [];
    core.forEach((id, i) => {
      const p = startPosition(id, i, adjacency, pos, previous, ring);
      pos.set(id, p);
      const shape = shapes.get(id);
      const box = shape && shape.star
        ? { left: shape.star.reach, right: shape.star.reach, up: shape.star.reach, down: shape.star.reach }
        : { left: 14, right: 22 + labelLength(label.get(id)) * CHAR, up: 11, down: 11 };
      items.push({ id, p, box });
    });
    // A block hangs beside its hub, on the side away from the hub's other
    // links (or where it was last time), and moves with the hub.
    const byId = new Map(items.map((it) => [it.id, it]));
    for (const [hub, shape] of shapes) {
      if (!shape.block) continue;
      const id = BLOCK + hub;
      const h = pos.get(hub);
      const old = previous.get(id), oldHub = previous.get(hub);
      let side;
      if (old && oldHub) {
        side = old.x >= oldHub.x ? 1 : -1;
      } else {
        const others = [...adjacency.get(hub)].filter((o) => pos.has(o));
        const mx = others.reduce((t, o) => t + pos.get(o).x, 0) / others.length;
        side = h.x >= mx ? 1 : -1;
      }
      const { w, h: height } = shape.block;
      const block = {
        id, hub, offset: { x: side * (24 + w / 2), y: 0 }, p: { x: 0, y: 0 },
        box: { left: w / 2, right: w / 2, up: height / 2, down: height / 2 },
      };
      const owner = byId.get(hub);
      owner.block = block;
      if (side === 1) {
        // The hub's own label goes to the side away from its block.
        owner.box = { ...owner.box, left: owner.box.right, right: owner.box.left };
      }
      items.push(block);
      follow(block, byId.get(hub));
    }
    for (const it of items) {
      it.s = it.hub === undefined ? (it.box.left + it.box.right + it.box.up + it.box.down) / 4 : Math.min(it.box.left, it.box.up);
      it.dx = 0;
      it.dy = 0;
    }
    return items;
  }

  function follow(block, hubItem) {
    block.p.x = hubItem.p.x + block.offset.x;
    block.p.y = hubItem.p.y + block.offset.y;
  }

  // Move a node together with its block, or a block together with its hub.
  function shift(it, dx, dy, byId) {
    const owner = it.hub !== undefined ? byId.get(it.hub) : it;
    owner.p.x += dx;
    owner.p.y += dy;
    if (owner.block) follow(owner.block, owner);
  }

  function springsOf(items, adjacency) {
    const index = new Map(items.map((it, i) => [it.id, i]));
    const springs = [];
    for (const it of items) {
      if (it.hub !== undefined) continue;
      for (const other of adjacency.get(it.id)) {
        if (index.has(other) && it.id < other) springs.push({ a: index.get(it.id), b: index.get(other) });
      }
    }
    return springs;
  }

  function tied(a, b) {
    return a.hub === b.id || b.hub === a.id;
  }

  function simulate(items, springs, incremental) {
    const byId = new Map(items.map((it) => [it.id, it]));
    const rounds = incremental ? 200 : 400;
    for (let round = 0; round < rounds; round++) {
      const temperature = (incremental ? 30 : 90) * (1 - round / rounds) + 0.5;
      for (const it of items) { it.dx = -0.02 * it.p.x; it.dy = -0.02 * it.p.y; }
      for (let i = 0; i < items.length; i++) {
        for (let j = i + 1; j < items.length; j++) {
          const a = items[i], b = items[j];
          if (tied(a, b)) continue;
          let dx = a.p.x - b.p.x, dy = a.p.y - b.p.y;
          if (dx === 0 && dy === 0) { dx = (i - j) * 0.1; dy = 0.1; }
          const d = Math.hypot(dx, dy);
          const clear = d - 0.5 * (a.s + b.s);
          if (clear > 3 * K) continue; // far apart: let the pull to the centre join the parts
          const push = (K * K) / Math.max(4, clear);
          a.dx += (dx / d) * push; a.dy += (dy / d) * push;
          b.dx -= (dx / d) * push; b.dy -= (dy / d) * push;
        }
      }
      for (const sp of springs) {
        const a = items[sp.a], b = items[sp.b];
        const dx = b.p.x - a.p.x, dy = b.p.y - a.p.y;
        const d = Math.max(1, Math.hypot(dx, dy));
        const stretch = Math.max(0, d - 0.4 * (a.s + b.s));
        const pull = (stretch * stretch) / K;
        a.dx += (dx / d) * pull; a.dy += (dy / d) * pull;
        b.dx -= (dx / d) * pull; b.dy -= (dy / d) * pull;
      }
      for (const it of items) {
        if (it.hub === undefined) continue;
        const owner = byId.get(it.hub); // a block's push moves its hub
        owner.dx += it.dx; owner.dy += it.dy;
      }
      for (const it of items) {
        if (it.hub !== undefined) continue;
        const step = Math.hypot(it.dx, it.dy);
        if (step > 0) {
          const limit = Math.min(step, temperature);
          it.p.x += (it.dx / step) * limit;
          it.p.y += (it.dy / step) * limit;
        }
        if (it.block) follow(it.block, it);
      }
    }
  }

  // Push apart footprints that overlap, along the axis where they overlap least.
  function separate(items) {
    const byId = new Map(items.map((it) => [it.id, it]));
    for (let round = 0; round < 200; round++) {
      let moved = false;
      for (let i = 0; i < items.length; i++) {
        for (let j = i + 1; j < items.length; j++) {
          const a = items[i], b = items[j];
          if (tied(a, b)) continue;
          const ox = Math.min(a.p.x + a.box.right, b.p.x + b.box.right) - Math.max(a.p.x - a.box.left, b.p.x - b.box.left);
          const oy = Math.min(a.p.y + a.box.down, b.p.y + b.box.down) - Math.max(a.p.y - a.box.up, b.p.y - b.box.up);
          if (ox <= 0 || oy <= 0) continue;
          moved = true;
          if (ox < oy) {
            const step = (ox / 2 + 1) * (a.p.x <= b.p.x ? -1 : 1);
            shift(a, step, 0, byId);
            shift(b, -step, 0, byId);
          } else {
            const step = (oy / 2 + 1) * (a.p.y <= b.p.y ? -1 : 1);
            shift(a, 0, step, byId);
            shift(b, 0, -step, byId);
          }
        }
      }
      if (!moved) break;
    }
  }

  // A star: leaves evenly round the hub, in label order, clockwise from the
  // right (so one or two leaves get level labels).
  function placeStar(hub, leaves, star, pos) {
    const c = pos.get(hub);
    leaves.forEach((leaf, i) => {
      const angle = (2 * Math.PI * i) / leaves.length;
      pos.set(leaf, { x: c.x + star.radius * Math.cos(angle), y: c.y + star.radius * Math.sin(angle), angle });
    });
  }

  // A block: leaves in label order down its columns, dots on the side facing the hub.
  function placeBlock(hub, leaves, block, centre, pos) {
    const c = pos.get(hub);
    const side = centre.x < c.x ? "left" : "right";
    const top = centre.y - block.h / 2;
    leaves.forEach((leaf, i) => {
      const column = Math.floor(i / block.rows), row = i % block.rows;
      const x = side === "right"
        ? centre.x - block.w / 2 + column * block.columnWidth + 8
        : centre.x + block.w / 2 - column * block.columnWidth - 8;
      pos.set(leaf, { x, y: top + row * LEAF_GAP + LEAF_GAP / 2, side });
    });
  }

  /* nodes: [{id, label}], edges: [{source, target}], foci: [id],
   * previous: Map id -> {x, y} from the last call's `keep`.
   * Returns {pos, hubOf, stars, keep}: pos has every node; a leaf of a star
   * has the `angle` of its link, a leaf in a block the `side` its label
   * goes to; stars is the set of hubs drawn as stars; blockSide maps a hub
   * with a block to the side the block is on; keep is the next `previous`. */
  function computeLayout(nodes, edges, foci, previous) {
    const adjacency = adjacencyOf(nodes, edges);
    const label = new Map(nodes.map((n) => [n.id, n.label]));
    const { hubOf, fans } = findFans(nodes, adjacency, new Set(foci), label);
    const shapes = new Map();
    for (const [hub, leaves] of fans) {
      const alone = [...adjacency.get(hub)].every((o) => hubOf.has(o));
      shapes.set(hub, alone ? { star: starShape(leaves, label) } : { block: blockShape(leaves, label) });
    }
    const core = nodes.map((n) => n.id).filter((id) => !hubOf.has(id));
    const items = buildItems(core, adjacency, foci, previous, label, shapes);
    if (items.length === 1) {
      items[0].p.x = 0;
      items[0].p.y = 0;
    } else {
      simulate(items, springsOf(items, adjacency), previous.size > 0);
      separate(items);
    }
    const keep = new Map(items.map((it) => [it.id, { x: it.p.x, y: it.p.y }]));
    const pos = new Map(items.filter((it) => it.hub === undefined).map((it) => [it.id, { x: it.p.x, y: it.p.y }]));
    const stars = new Set();
    const blockSide = new Map();
    for (const [hub, leaves] of fans) {
      const shape = shapes.get(hub);
      if (shape.star) {
        stars.add(hub);
        placeStar(hub, leaves, shape.star, pos);
      } else {
        const centre = keep.get(BLOCK + hub);
        blockSide.set(hub, centre.x < pos.get(hub).x ? "left" : "right");
        placeBlock(hub, leaves, shape.block, centre, pos);
      }
    }
    return { pos, hubOf, stars, blockSide, keep };
  }

  window.tkgraphLayout = { computeLayout, LABEL_MAX };
})();
