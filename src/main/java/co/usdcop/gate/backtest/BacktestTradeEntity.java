package co.usdcop.gate.backtest;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** A row of {@code backtest_trades}: one closed {@link RoundTrip} of a backtest (append-only). */
@Entity
@Table(name = "backtest_trades")
@IdClass(BacktestTradeEntity.Key.class)
public class BacktestTradeEntity extends PanacheEntityBase {

    /** Composite key (backtest, seq). */
    public record Key(UUID backtestId, int seq) implements Serializable {
        public Key() {
            this(null, 0);
        }
    }

    @Id
    @Column(name = "backtest_id")
    public UUID backtestId;
    @Id
    public int seq;
    public int side;
    @Column(name = "entry_ts")
    public Instant entryTs;
    @Column(name = "exit_ts")
    public Instant exitTs;
    @Column(name = "entry_price")
    public double entryPrice;
    @Column(name = "exit_price")
    public double exitPrice;
    public int bars;
    @Column(name = "entry_equity")
    public double entryEquity;
    public double pnl;
    @Column(name = "return_fraction")
    public double returnFraction;
    @Column(name = "exit_reason")
    public String exitReason;
    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    static BacktestTradeEntity of(UUID backtestId, RoundTrip t) {
        BacktestTradeEntity e = new BacktestTradeEntity();
        e.backtestId = backtestId;
        e.seq = t.seq();
        e.side = t.side();
        e.entryTs = t.entryTs();
        e.exitTs = t.exitTs();
        e.entryPrice = t.entryPrice();
        e.exitPrice = t.exitPrice();
        e.bars = t.bars();
        e.entryEquity = t.entryEquity();
        e.pnl = t.pnl();
        e.returnFraction = t.returnFraction();
        e.exitReason = t.exitReason();
        return e;
    }

    RoundTrip toRoundTrip() {
        return new RoundTrip(seq, side, entryTs, exitTs, entryPrice, exitPrice, bars, entryEquity, pnl, returnFraction,
                exitReason);
    }
}
