const Database = require('better-sqlite3');
const db = new Database(process.argv[2], { readonly: true });
const owners = db.prepare("select descendant_ref from rollup_group_tree where ancestor_ref='group:default/bench-org'").all().map(r => r.descendant_ref);
console.log('owners', owners.length, db.prepare('select count(*) n from rollup_entity_pain').get(), db.prepare('select count(*) n from rollup_consumer_pain').get(), db.prepare('select count(*) n from rollup_entity_pain_weekly').get());
const ph = owners.map(() => '?').join(',');
const t = (n, sql, ...a) => { const s = db.prepare(sql); let r; const t0 = performance.now(); for (let i = 0; i < 3; i++) r = s.all(...a); console.log(n.padEnd(20), ((performance.now() - t0) / 3).toFixed(1), 'ms', r.length); return r; };
t('rank', `select * from rollup_entity_pain where owner_ref in (${ph}) order by (value is null) asc, value desc, entity_ref asc limit 51`, ...owners);
t('count', `select count(*) n from rollup_entity_pain where owner_ref in (${ph})`, ...owners);
const top = t('rankConsumers', `select c.consumer_ref, sum(c.points) points from rollup_consumer_pain c join rollup_entity_pain e on e.entity_ref = c.entity_ref where e.owner_ref in (${ph}) group by c.consumer_ref order by points desc, c.consumer_ref asc limit 10`, ...owners);
const cs = top.map(r => r.consumer_ref);
const rows = t('consumerRows', `select c.* from rollup_consumer_pain c join rollup_entity_pain e on e.entity_ref = c.entity_ref where c.consumer_ref in (${cs.map(() => '?').join(',')}) and e.owner_ref in (${ph}) order by c.points desc, c.entity_ref asc`, ...cs, ...owners);
console.log('consumer row sample', JSON.stringify(rows[0]).slice(0, 400));
t('deprecated', `select * from rollup_entity_pain where deprecated = 1 and owner_ref in (${ph}) order by entity_ref`, ...owners);
t('weeklyTotals', `select w.week_start, sum(w.value) value, count(w.value) measured from rollup_entity_pain_weekly w join rollup_entity_pain e on e.entity_ref = w.entity_ref where w.week_start >= 0 and e.owner_ref in (${ph}) group by w.week_start order by w.week_start`, ...owners);
t('computedAt', `select max(computed_at) at from rollup_entity_pain where owner_ref in (${ph})`, ...owners);
for (const q of ['rank', 'rankConsumers']) {}
console.log(db.prepare(`explain query plan select c.consumer_ref, sum(c.points) points from rollup_consumer_pain c join rollup_entity_pain e on e.entity_ref = c.entity_ref where e.owner_ref in (${ph}) group by c.consumer_ref order by points desc, c.consumer_ref asc limit 10`).all(...owners).map(r => r.detail));
console.log(db.prepare(`explain query plan select w.week_start, sum(w.value) value, count(w.value) measured from rollup_entity_pain_weekly w join rollup_entity_pain e on e.entity_ref = w.entity_ref where w.week_start >= 0 and e.owner_ref in (${ph}) group by w.week_start order by w.week_start`).all(...owners).map(r => r.detail));
