#include "devices.hpp"

#include <spdlog/spdlog.h>

#include "kiosk/printer/escpos.hpp"
#include "kiosk/printer/printer.hpp"
#include "kiosk/raster/mono.hpp"
#include "kiosk/raster/png.hpp"
#include "kiosk/slip/slip.hpp"
#include "kiosk/speech/announcer.hpp"
#include "kiosk/speech/audio_sink.hpp"
#include "kiosk/ui/text.hpp"

namespace kiosk::app {
namespace {

ui::PrintOutcome outcome_of(const printer::PrintResult& result) {
  return ui::PrintOutcome{result.ok, std::string(printer::to_string(result.state)), result.error_vi, result.error};
}

ui::PrintOutcome failure(const std::string& en, const std::string& vi) { return ui::PrintOutcome{false, "unknown", vi, en}; }

}  // namespace

AppDevices::AppDevices(const KioskConfig& config, UiQueue& queue) : config_(config), queue_(queue) {
  printer_ = printer::make_printer(printer::PrinterSpec{config.printer_kind, config.printer_path, config.printer_host,
                                                        config.printer_port, config.printer_timeout});
  if (config.printer_kind != "none") fonts_ = std::make_unique<slip::SlipFonts>(slip::SlipFonts::load(config.font_dir.string()));
  if (config.role == "board" && config.speech) {
    speech::Announcer::Options options;
    options.voice = config.voice;
    options.chime = config.chime;
    announcer_ = std::make_unique<speech::Announcer>(std::make_unique<speech::SdlAudioSink>(), options);
  }
  thread_ = std::thread([this] { worker(); });
}

AppDevices::~AppDevices() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  announcer_.reset();
}

bool AppDevices::has_printer() const { return config_.printer_kind != "none"; }

void AppDevices::run_on_worker(std::function<void()> job) {
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(std::move(job));
  }
  wake_.notify_one();
}

void AppDevices::worker() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (stopping_) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    job();
  }
}

void AppDevices::print_ticket(const ui::TicketToPrint& ticket, std::function<void(const ui::PrintOutcome&)> done) {
  const bool english = ui::lang() == ui::Lang::en;
  slip::TicketSlip slip_data{ticket.centre_name, ticket.service_name, ticket.number, ticket.issued_at, ticket.people_ahead,
                             ticket.estimated_wait_minutes, ticket.qr_payload, ticket.priority_label, ui::tr("ticket.footer")};
  run_on_worker([this, slip_data, english, done = std::move(done)] {
    ui::PrintOutcome outcome;
    try {
      if (!fonts_) {
        outcome = outcome_of(printer_->print({}));  // the "not configured" refusal, in both languages
      } else {
        const auto labels = english ? slip::SlipLabels::english() : slip::SlipLabels::vietnamese();
        const raster::Canvas image = slip::render_ticket(slip_data, *fonts_, labels);
        if (!config_.ticket_preview.empty()) raster::write_png(config_.ticket_preview.string(), image);
        const auto job = printer::escpos::raster_job(raster::to_mono(image));
        outcome = outcome_of(printer_->print(job));
      }
    } catch (const std::exception& e) {
      outcome = failure(std::string("ticket slip: ") + e.what(), "Không in được phiếu");
    }
    if (!outcome.ok) spdlog::warn("print ticket {}: {}", slip_data.number, outcome.error_en);
    queue_.post([done, outcome] { done(outcome); });
  });
}

void AppDevices::print_apology(const ui::ApologyToPrint& apology, std::function<void(const ui::PrintOutcome&)> done) {
  slip::ApologySlip slip_data{apology.centre_name, apology.dossier_code, apology.procedure_name, "",
                              apology.received_at, apology.due_at,       apology.new_due_at,     apology.reason,
                              apology.staff_name,  apology.issued_at};
  run_on_worker([this, slip_data, done = std::move(done)] {
    ui::PrintOutcome outcome;
    try {
      if (!fonts_) {
        outcome = outcome_of(printer_->print({}));
      } else {
        const raster::Canvas image = slip::render_apology(slip_data, *fonts_);
        outcome = outcome_of(printer_->print(printer::escpos::raster_job(raster::to_mono(image))));
      }
    } catch (const std::exception& e) {
      outcome = failure(std::string("apology slip: ") + e.what(), "Không in được phiếu xin lỗi");
    }
    if (!outcome.ok) spdlog::warn("print apology {}: {}", slip_data.dossier_code, outcome.error_en);
    queue_.post([done, outcome] { done(outcome); });
  });
}

void AppDevices::query_printer(std::function<void(const ui::PrintOutcome&)> done) {
  run_on_worker([this, done = std::move(done)] {
    const auto state = printer_->status();
    ui::PrintOutcome outcome{state == printer::PrinterState::ok, std::string(printer::to_string(state)),
                             std::string(printer::label_vi(state)), std::string(printer::label_en(state))};
    queue_.post([done, outcome] { done(outcome); });
  });
}

void AppDevices::announce(const std::string& text) {
  spdlog::info("announce: {}", text);
  if (announcer_) announcer_->announce(text);
}

}  // namespace kiosk::app
