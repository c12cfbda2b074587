// cosim: a model whose runs each talk to their own helper process over TCP, standing in for a
// Veins simulation and its SUMO. The helper's port comes as a configuration option on the
// command line, `--*.manager.port=PORT`, which opp-campaign adds for the run's own sidecar (as
// Veins' TraCIScenarioManager reads *.manager.port). Results: a .sca file with the mean number
// of vehicles, and the port and helper pid it used (the tests check them).
#include "standin.h"

#include <arpa/inet.h>
#include <cstdio>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

namespace {

class Connection
{
  public:
    explicit Connection(int port)
    {
        fd = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<uint16_t>(port));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (fd < 0 || connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof(addr)) != 0)
            standin::fail("Cannot connect to the traffic manager on port " + std::to_string(port));
    }
    ~Connection() { close(fd); }

    void send(const std::string& line)
    {
        std::string text = line + "\n";
        if (::send(fd, text.data(), text.size(), MSG_NOSIGNAL) < 0)
            standin::fail("Connection to the traffic manager lost (send)");
    }

    std::string receive()
    {
        std::string line;
        char c;
        for (;;) {
            ssize_t n = recv(fd, &c, 1, 0);
            if (n <= 0)
                standin::fail("Connection to the traffic manager lost");
            if (c == '\n')
                return line;
            line += c;
        }
    }

  private:
    int fd;
};

}  // namespace

int main(int argc, char **argv)
{
    standin::Run run = standin::parse(argc, argv);
    std::string port = run.param("manager.port");
    if (port.empty())
        standin::fail("no traffic manager port: set *.manager.port");
    int steps = std::stoi(run.param("steps", "50"));
    double density = std::stod(run.param("density", "1"));
    bool crashHelper = run.param("crashHelper", "false") == "true";

    Connection manager(std::stoi(port));
    manager.send("HELLO " + run.attr("seedset", "0"));
    std::string hello = manager.receive();
    if (hello.rfind("OK ", 0) != 0)
        standin::fail("unexpected greeting from the traffic manager: " + hello);
    long helperPid = std::stol(hello.substr(3));
    std::printf("Connected to the traffic manager on port %s (pid %ld)\n", port.c_str(), helperPid);
    std::fflush(stdout);

    double sum = 0;
    for (int t = 1; t <= steps; t++) {
        if (crashHelper && t == steps / 2)
            manager.send("CRASH");
        manager.send("STEP " + std::to_string(t));
        sum += density * std::stod(manager.receive());
        if (t % 10 == 0) {
            std::printf("** Event #%d   t=%d   Elapsed: 0.01s (0m 00s)  %d%% completed  (%d%% total)\n", t, t, 100 * t / steps,
                        100 * t / steps);
            std::fflush(stdout);
        }
    }
    manager.send("BYE");
    standin::writeScalars(run,
                          {{"meanVehicles", sum / steps}, {"managerPort", std::stod(port)}, {"managerPid", static_cast<double>(helperPid)}},
                          "Highway.manager");
    std::printf("\n<!> Simulation time limit reached -- at t=%ds\n\nEnd.\n", steps);
    return 0;
}
