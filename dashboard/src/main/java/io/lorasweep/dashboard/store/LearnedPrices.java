package io.lorasweep.dashboard.store;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each agent's device was reported to cost per hour in a sweep (from the {@code costs} rows of its finished
 * attempts): the price {@link TrialFacts} charges for attempts that ended without a cost row.
 *
 * <p>Finding them joins every attempt of the sweep with every cost row, the largest part of a ranking request at
 * 100,000 trials, while the answer is a handful of rows that only change when a new agent reports its first cost.
 * So each sweep's answer is kept for {@link #TTL_MILLIS}: for that long at most, an attempt on a device that has just
 * reported its first price is estimated at the spec's price for the device's name instead.
 */
public final class LearnedPrices {

    public static final long TTL_MILLIS = 10_000;

    /** One agent's device and its reported type and price. */
    public record LearnedPrice(String agentId, String device, String deviceType, double pricePerHour) {
    }

    private record Entry(List<LearnedPrice> prices, long readAt) {
    }

    private final ConnectionPool pool;
    private final Map<String, Entry> bySweep = new ConcurrentHashMap<>();

    public LearnedPrices(ConnectionPool pool) {
        this.pool = pool;
    }

    /** The sweep's learned prices, read at most {@link #TTL_MILLIS} ago. */
    public List<LearnedPrice> of(String sweepId) throws SQLException {
        long now = System.currentTimeMillis();
        Entry e = bySweep.get(sweepId);
        if (e != null && now - e.readAt() < TTL_MILLIS) {
            return e.prices();
        }
        Sql sql = new Sql().sql("SELECT agent_id, device, device_type, price FROM (")
                .append(TrialFacts.learnedPrices(List.of(sweepId))).sql(") ORDER BY agent_id, device");
        List<LearnedPrice> prices = List.copyOf(pool.with(c -> sql.query(c, rs -> new LearnedPrice(rs.getString(1),
                rs.getString(2), rs.getString(3), rs.getDouble(4)))));
        if (bySweep.size() > 1000) {
            bySweep.clear();
        }
        bySweep.put(sweepId, new Entry(prices, now));
        return prices;
    }
}
